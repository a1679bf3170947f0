using System.Collections;
using System.Runtime.InteropServices;
using ServerlessLoad.Runner;

namespace ServerlessLoad.Cli.Direct;

/// <summary>
/// Commands that generate load in this process (<c>quick</c>, <c>run --direct</c>) start the runtime again, in place
/// (same process id, through execve), with the settings of <see cref="GeneratorRuntime"/>, which the runtime only reads
/// at start-up. Settings already in the environment win.
/// </summary>
internal static partial class LoadProcess
{
    public const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
    private const string Prepared = "SLOAD_LOAD_PROCESS";

    public static void Prepare(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var generatesLoad = args.Count > 0 && (args[0] == "quick" || (args[0] == "run" && args.Contains("--direct")));
        if (!generatesLoad || Environment.GetEnvironmentVariable(Prepared) is not null)
        {
            return;
        }

        if (OperatingSystem.IsLinux() && Environment.ProcessPath is { } host)
        {
            RestartInPlace(host, args);
        }

        // Not restarted (another OS, or execve failed): the socket switch is still read late enough to set it here,
        // when the first socket is created.
        Environment.SetEnvironmentVariable(InlineCompletions, Environment.GetEnvironmentVariable(InlineCompletions) ?? "1");
    }

    /// <summary>Returns only when the restart failed.</summary>
    private static void RestartInPlace(string host, IReadOnlyList<string> args)
    {
        var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        foreach (var (name, value) in GeneratorRuntime.Environment)
        {
            environment.TryAdd(name, value);
        }

        environment[Prepared] = "1";

        // `dotnet sload.dll ...` restarts as the same; an apphost (`sload ...`) restarts as itself.
        var viaDotnet = Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.Ordinal);
        string?[] argv = viaDotnet ? [host, Environment.GetCommandLineArgs()[0], .. args, null] : [host, .. args, null];
        string?[] envp = [.. environment.Select(e => $"{e.Key}={e.Value}"), null];
        Console.Out.Flush();
        Console.Error.Flush();
        _ = Execve(host, argv, envp);
    }

    [LibraryImport("libc", EntryPoint = "execve", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Execve(string path, string?[] argv, string?[] envp);
}
