namespace ServerlessLoad.Core.Plans;

/// <summary>What the parser may use besides the plan's text.</summary>
public sealed record PlanParseOptions
{
    /// <summary>No files: a plan naming a data file is told to inline its rows (how the HTTP API reads plans).</summary>
    public static readonly PlanParseOptions Default = new();

    /// <summary>
    /// Reads a data file a plan names (<c>file: users.csv</c>), given the name as written, relative to the plan; it may
    /// throw <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>, reported as a problem. Null when
    /// the plan has no files beside it.
    /// </summary>
    public Func<string, string>? ReadDataFile { get; init; }

    /// <summary>
    /// The per-runner cap on browser VUs where no setting says otherwise: what one runner of 2 cores sustains (each
    /// browser VU is a Chromium context with its own renderer process).
    /// </summary>
    public const int DefaultMaxBrowserVusPerRunner = 8;

    /// <summary>
    /// The most browser VUs one runner may run at once: a plan whose slices would give one slice more is invalid (each
    /// slice runs on one runner). Null leaves browser VUs unchecked, as for a plan read back after it was accepted.
    /// </summary>
    public int? MaxBrowserVusPerRunner { get; init; }

    /// <summary>Every slice runs in this one process (<c>sload run --direct</c>): the cap then bounds all their browser VUs together.</summary>
    public bool AllSlicesInOneProcess { get; init; }
}
