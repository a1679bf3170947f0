using ServerlessLoad.Runner;

namespace ServerlessLoad.Cli.Direct;

/// <summary>
/// Commands that generate load in this process (<c>quick</c>, <c>run --direct</c>) run with the settings of
/// <see cref="GeneratorRuntime"/>, as runners do; the other commands start as they are.
/// </summary>
internal static class LoadProcess
{
    public static void Prepare(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count > 0 && (args[0] == "quick" || (args[0] == "run" && args.Contains("--direct"))))
        {
            GeneratorRuntime.RestartWithSettings(args);
        }
    }
}
