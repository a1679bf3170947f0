using System.Collections;
using System.Runtime.InteropServices;

namespace ServerlessLoad.Runner;

/// <summary>
/// Runtime settings for a process that generates load (a runner, <c>sload quick</c>, <c>sload run --direct</c>). The
/// runtime reads them only at start-up, so such a process starts the runtime again, in place (same process id, through
/// execve), with them in its environment (<see cref="RestartWithSettings"/>); settings already in the environment win.
/// However the process was launched (the stack launcher, a container, by hand), it runs with the same settings.
/// </summary>
public static partial class GeneratorRuntime
{
    private const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
    private const string Restarted = "SLOAD_LOAD_PROCESS";

    /// <summary>The settings, as environment variables, each with the reason it is there.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Environment { get; } =
    [
        // Socket continuations run inline on the socket threads: about twice the requests per second on a small machine.
        new(InlineCompletions, "1"),

        // JIT code mapped once rather than twice: the write-xor-execute double mapping costs ~10 MB of resident memory,
        // and a load generator runs no untrusted code.
        new("DOTNET_EnableWriteXorExecute", "0"),

        // Code compiled once, optimized, instead of tiered: tiering recompiles hot methods seconds into the load and
        // suspends the runtime to install them, which made the first ten seconds of a 20,000/s arrival-rate run miss
        // their instants by milliseconds, for no gain in requests per second.
        new("DOTNET_TieredCompilation", "0"),

        // A 4 MB young generation instead of one sized to the CPU cache: a generator allocates little per request, so
        // collections stay rare while the heap stays small.
        new("DOTNET_GCgen0size", "0x400000"),

        // What does survive a young collection is mostly the per-second statistics, dead a second later: a small
        // middle generation collects them within seconds instead of letting them pile up (tens of MB over minutes).
        new("DOTNET_GCGen1MaxBudget", "0x200000"),

        // Per-second encodings (strings and buffers over 85 KB) stay out of the large object heap, which only full
        // collections sweep, so they die young like everything else that lives a second.
        new("DOTNET_GCLOHThreshold", "0x100000"),
    ];

    /// <summary>
    /// Restarts this process in place with <see cref="Environment"/>, once; call it first thing in Main. Returns when
    /// the process already runs with them, or cannot restart (another OS, execve failed): then only the socket switch,
    /// which is read late enough (when the first socket is created), is set.
    /// </summary>
    public static void RestartWithSettings(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (System.Environment.GetEnvironmentVariable(Restarted) is not null)
        {
            return;
        }

        if (OperatingSystem.IsLinux() && System.Environment.ProcessPath is { } host)
        {
            RestartInPlace(host, args);
        }

        System.Environment.SetEnvironmentVariable(InlineCompletions, System.Environment.GetEnvironmentVariable(InlineCompletions) ?? "1");
    }

    /// <summary>Returns only when the restart failed.</summary>
    private static void RestartInPlace(string host, IReadOnlyList<string> args)
    {
        var environment = System.Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        foreach (var (name, value) in Environment)
        {
            environment.TryAdd(name, value);
        }

        environment[Restarted] = "1";

        // `dotnet app.dll ...` restarts as the same; an apphost (`sload ...`) restarts as itself.
        var viaDotnet = Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.Ordinal);
        string?[] argv = viaDotnet ? [host, System.Environment.GetCommandLineArgs()[0], .. args, null] : [host, .. args, null];
        string?[] envp = [.. environment.Select(e => $"{e.Key}={e.Value}"), null];
        Console.Out.Flush();
        Console.Error.Flush();
        _ = Execve(host, argv, envp);
    }

    [LibraryImport("libc", EntryPoint = "execve", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Execve(string path, string?[] argv, string?[] envp);
}
