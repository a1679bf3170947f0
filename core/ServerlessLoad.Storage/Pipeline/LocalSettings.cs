using System.Text.Json;

namespace ServerlessLoad.Storage.Pipeline;

/// <summary>
/// Reads the "Values" of the functions app's local.settings.json (Azure Functions' local settings shape, the file
/// `func start` reads) as configuration pairs: the runners, the local host and the CLI share them.
/// </summary>
public static class LocalSettings
{
    public const string FileName = "local.settings.json";
    public const string SampleFileName = "local.settings.sample.json";

    /// <summary>Where the functions app keeps its local settings, under the repository root.</summary>
    public static string SettingsDirectory(string repositoryRoot) => Path.Combine(repositoryRoot, "functions", "ServerlessLoad.Functions");

    /// <summary>
    /// Values from local.settings.json in the functions app under <paramref name="repositoryRoot"/>, else from the
    /// sample beside it; "__" in keys becomes ":" as with environment variables.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Load(string? repositoryRoot)
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (repositoryRoot is null)
        {
            return result;
        }

        var directory = SettingsDirectory(repositoryRoot);
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            path = Path.Combine(directory, SampleFileName);
        }

        if (!File.Exists(path))
        {
            return result;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (document.RootElement.TryGetProperty("Values", out var values) && values.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in values.EnumerateObject())
            {
                result[property.Name.Replace("__", ":", StringComparison.Ordinal)] =
                    property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
            }
        }

        return result;
    }
}
