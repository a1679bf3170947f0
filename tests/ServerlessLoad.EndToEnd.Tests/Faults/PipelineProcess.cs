using System.Globalization;
using ServerlessLoad.Cli.Stack;
using ServerlessLoad.Testing;

namespace ServerlessLoad.EndToEnd.Tests.Faults;

/// <summary>A functions host or a runner started by a test, from this build's outputs, with its own settings.</summary>
public sealed class PipelineProcess : IAsyncDisposable
{
    private PipelineProcess(string role, ProcessTracker tracker, string settingsKey)
    {
        Role = role;
        Tracker = tracker;
        SettingsKey = settingsKey;
    }

    public string Role { get; }

    public ProcessTracker Tracker { get; }

    public int Pid => Tracker.Pid;

    /// <summary>The settings it was started with, to tell whether a pool of runners can be reused.</summary>
    public string SettingsKey { get; }

    public bool IsAlive => !Tracker.HasExited;

    /// <summary>The id runners write into slice rows (host name and PID).</summary>
    public string RunnerId => $"{Environment.MachineName}:{Pid.ToString(CultureInfo.InvariantCulture)}";

    public static PipelineProcess Start(string role, string project, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> settings)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["DOTNET_gcServer"] = "0",
            ["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        var tracker = ProcessTracker.Start(
            DotnetHost(),
            [CliPaths.SiblingAssembly(project), .. arguments],
            workingDirectory: RepoPaths.RepoRoot,
            environment: environment);
        return new PipelineProcess(role, tracker, KeyOf(settings));
    }

    public static string KeyOf(IReadOnlyDictionary<string, string> settings) =>
        string.Join(";", settings.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));

    /// <summary>SIGKILL: no chance to flush or release anything.</summary>
    public Task KillAsync() => Tracker.KillAsync();

    public void Signal(Signal signal) => Signals.Send(Pid, signal);

    public async ValueTask DisposeAsync() => await Tracker.DisposeAsync().ConfigureAwait(false);

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
}
