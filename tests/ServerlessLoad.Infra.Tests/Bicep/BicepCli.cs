using System.Diagnostics;
using System.Reflection;

namespace ServerlessLoad.Infra.Tests.Bicep;

/// <summary>The Bicep compiler restored with this project (Azure.Bicep.CommandLine.linux-x64), run as a process.</summary>
internal static class BicepCli
{
    public static string Executable { get; } = (typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value
        ?? throw new InvalidOperationException("The Bicep package did not set BicepPath.")).Replace('\\', '/');

    public static async Task<BicepResult> RunAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // No telemetry, and no look-ups of module registries: everything is local.
        info.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {Executable}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new BicepResult(process.ExitCode, await output, await errors);
    }
}

internal sealed record BicepResult(int ExitCode, string Output, string Diagnostics)
{
    /// <summary>Every warning or error line the compiler or the linter printed.</summary>
    public IReadOnlyList<string> Problems => Diagnostics.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Where(l => l.Contains(": Warning ", StringComparison.Ordinal) || l.Contains(": Error ", StringComparison.Ordinal) || l.Contains(": Info ", StringComparison.Ordinal))
        .ToList();
}
