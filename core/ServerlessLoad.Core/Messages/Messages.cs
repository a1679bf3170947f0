namespace ServerlessLoad.Core.Messages;

/// <summary>run-requests: a run was accepted; its plan is stored, PlanRun splits it.</summary>
public sealed record RunRequestMessage(string RunId);

/// <summary>
/// slices: one slice of a run for a runner to execute. <paramref name="StartAt"/> is the run's common start when it was
/// known as the message was sent; null while the run waits at its start barrier (the runner reads the start from the
/// run's row, which is the authority either way).
/// </summary>
public sealed record SliceMessage(string RunId, int Index, int Count, DateTimeOffset? StartAt = null);

/// <summary>slice-events: a slice reached a terminal state (or progressed) on a runner.</summary>
public sealed record SliceEventMessage(
    string RunId,
    int Index,
    int Attempt,
    string Status,
    long Requests,
    long Failures,
    string? Error = null);

/// <summary>reports: all slices are terminal; build the report.</summary>
public sealed record ReportMessage(string RunId);

public static class QueueNames
{
    public const string RunRequests = "run-requests";
    public const string Slices = "slices";
    public const string SliceEvents = "slice-events";
    public const string Reports = "reports";

    public static readonly IReadOnlyList<string> All = [RunRequests, Slices, SliceEvents, Reports];

    public static string Poison(string queue) => queue + "-poison";
}
