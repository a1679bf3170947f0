namespace ServerlessLoad.Runner;

/// <summary>
/// Runtime settings for a process that generates load (a runner, <c>sload quick</c>, <c>sload run --direct</c>). The
/// runtime reads them only at start-up, so they travel in the process's environment; settings already in the
/// environment win.
/// </summary>
public static class GeneratorRuntime
{
    /// <summary>The settings, as environment variables, each with the reason it is there.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Environment { get; } =
    [
        // Socket continuations run inline on the socket threads: about twice the requests per second on a small machine.
        new("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1"),

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

        // Per-second encodings (100-300 KB strings and buffers) stay out of the large object heap, which only full
        // collections sweep, so they die young like everything else that lives a second.
        new("DOTNET_GCLOHThreshold", "0x100000"),
    ];
}
