namespace ServerlessLoad.Core.Runs;

/// <summary>Lifecycle of a run; the last four are final and double as the verdict.</summary>
public static class RunStatus
{
    public const string Queued = "queued";
    public const string Planning = "planning";
    public const string Running = "running";
    public const string Reporting = "reporting";
    public const string Passed = "passed";
    public const string Failed = "failed";
    public const string Errored = "errored";
    public const string Cancelled = "cancelled";

    public static bool IsFinal(string status) => status is Passed or Failed or Errored or Cancelled;

    /// <summary>The CLI's exit code for a final status: 0 passed, 1 thresholds failed, 2 otherwise.</summary>
    public static int ExitCode(string status) => status switch
    {
        Passed => 0,
        Failed => 1,
        _ => 2,
    };
}

public static class SliceStatus
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Lost = "lost";
    public const string Cancelled = "cancelled";

    public static bool IsTerminal(string status) => status is Completed or Failed or Lost or Cancelled;
}
