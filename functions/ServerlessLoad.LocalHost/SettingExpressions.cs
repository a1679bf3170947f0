using System.Text.RegularExpressions;

namespace ServerlessLoad.LocalHost;

/// <summary>
/// Resolves a binding expression's %Setting% parts from configuration, as the Functions host does with app settings
/// (an app setting Sload__Queues__Slices is the key Sload:Queues:Slices).
/// </summary>
public static partial class SettingExpressions
{
    /// <exception cref="InvalidOperationException">A setting the expression names is not set.</exception>
    public static string Resolve(string expression, IConfiguration configuration, string function) =>
        Setting().Replace(expression, match =>
        {
            var key = match.Groups[1].Value;
            return configuration[key] is { Length: > 0 } value
                ? value
                : throw new InvalidOperationException($"Function {function} names the setting '{key}' ({expression}), which is not set.");
        });

    /// <summary>True when the app setting AzureWebJobs.{name}.Disabled (or AzureWebJobs:{name}:Disabled) is true.</summary>
    public static bool IsDisabled(string function, IConfiguration configuration) =>
        bool.TryParse(configuration[$"AzureWebJobs.{function}.Disabled"] ?? configuration[$"AzureWebJobs:{function}:Disabled"], out var disabled) && disabled;

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex Setting();
}
