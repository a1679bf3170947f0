namespace ServerlessLoad.Core.Messages;

/// <summary>
/// A pipeline message that carries the run's trace on: the W3C traceparent of the span that sent it (null when nothing
/// is traced). Set by the sender's store when the message is encoded, read by the handler to continue the trace.
/// </summary>
public interface ITracedMessage
{
    string? TraceParent { get; }
}

/// <summary>run-requests: a run was accepted; its plan is stored, PlanRun splits it.</summary>
public sealed record RunRequestMessage(string RunId) : ITracedMessage
{
    public string? TraceParent { get; init; }
}

/// <summary>
/// slices: one slice of a run for a runner to execute. <paramref name="StartAt"/> is the run's common start when it was
/// known as the message was sent; null while the run waits at its start barrier (the runner reads the start from the
/// run's row, which is the authority either way).
/// </summary>
public sealed record SliceMessage(string RunId, int Index, int Count, DateTimeOffset? StartAt = null) : ITracedMessage
{
    public string? TraceParent { get; init; }
}

/// <summary>slice-events: a slice reached a terminal state (or progressed) on a runner.</summary>
public sealed record SliceEventMessage(
    string RunId,
    int Index,
    int Attempt,
    string Status,
    long Requests,
    long Failures,
    string? Error = null) : ITracedMessage
{
    public string? TraceParent { get; init; }
}

/// <summary>reports: all slices are terminal; build the report.</summary>
public sealed record ReportMessage(string RunId) : ITracedMessage
{
    public string? TraceParent { get; init; }
}

public static class QueueNames
{
    public const string RunRequests = "run-requests";
    public const string Slices = "slices";
    public const string SliceEvents = "slice-events";
    public const string Reports = "reports";

    public static readonly IReadOnlyList<string> All = [RunRequests, Slices, SliceEvents, Reports];

    public static string Poison(string queue) => queue + "-poison";
}
