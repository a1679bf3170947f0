namespace ServerlessLoad.Cli.Direct;

/// <summary>
/// Commands that generate load in this process want socket continuations to run inline on the socket threads (about
/// twice the requests per second on a small machine). The runtime reads the switch when the first socket is created,
/// so it is set at start-up, before anything touches the network, and only for those commands.
/// </summary>
internal static class LoadProcess
{
    public const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static void Prepare(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var generatesLoad = args.Count > 0 && (args[0] == "quick" || (args[0] == "run" && args.Contains("--direct")));
        if (generatesLoad && Environment.GetEnvironmentVariable(InlineCompletions) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletions, "1");
        }
    }
}
