namespace ServerlessLoad.Storage.Pipeline;

/// <summary>A run's row in the Runs table. ETag carries optimistic concurrency for status transitions.</summary>
public sealed class RunRecord
{
    public required string RunId { get; init; }

    public required string PlanName { get; set; }

    public required string Status { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public string Trigger { get; set; } = "api";

    public int SliceCount { get; set; }

    /// <summary>The common instant every slice's timeline starts from; set once when the run is planned.</summary>
    public DateTimeOffset? StartAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public double PlannedSeconds { get; set; }

    public long Requests { get; set; }

    public long Failures { get; set; }

    /// <summary>Why the run errored, when it did.</summary>
    public string? Error { get; set; }

    /// <summary>The last failure of a function handling one of the run's messages (quoted if the message is poisoned).</summary>
    public string? DeliveryError { get; set; }

    /// <summary>A baseline run named when the run was started (overrides the plan's).</summary>
    public string? BaselineRunId { get; set; }

    /// <summary>When the report was published.</summary>
    public DateTimeOffset? ReportedAt { get; set; }

    /// <summary>Last completed report stage (empty, published).</summary>
    public string? ReportStage { get; set; }

    /// <summary>
    /// When someone asked to cancel the run; runners poll it and stop. The status stays as it is until the report
    /// (verdict cancelled) is published, so the run still goes through CollectSlice and BuildReport.
    /// </summary>
    public DateTimeOffset? CancelRequestedAt { get; set; }

    /// <summary>The abortOnFail threshold that cancelled the run (set with CancelRequestedAt, in the same update).</summary>
    public string? AbortedBy { get; set; }

    /// <summary>The run's second whose results proved <see cref="AbortedBy"/> violated.</summary>
    public long? AbortedAtSecond { get; set; }

    /// <summary>What was measured when <see cref="AbortedBy"/> failed, for people.</summary>
    public string? AbortReason { get; set; }

    public string? ETag { get; set; }
}

/// <summary>A slice's row in the Slices table (partition = run id), owned by the runner holding its message.</summary>
public sealed class SliceRecord
{
    public required string RunId { get; init; }

    public required int Index { get; init; }

    public required string Status { get; set; }

    public int Attempt { get; set; }

    public string? Runner { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public DateTimeOffset? Heartbeat { get; set; }

    public long Requests { get; set; }

    public long Failures { get; set; }

    public string? Error { get; set; }

    /// <summary>Id of the queue message whose delivery holds the slice; a redelivery of it means the lease expired.</summary>
    public string? MessageId { get; set; }

    /// <summary>
    /// First second of the run's timeline the current attempt owns. Attempt k owns the seconds from its ResumeFrom up to
    /// the next attempt's ResumeFrom, so two attempts never write the same second.
    /// </summary>
    public long ResumeFrom { get; set; }

    /// <summary>
    /// The latest second an attempt announced before writing its rows (set on the row before the rows are written), so a
    /// takeover resumes after it and cannot overwrite a stored second.
    /// </summary>
    public long? FlushedThrough { get; set; }

    /// <summary>
    /// When the watchdog last sent a message to hand this slice to another runner, and for which attempt (a silent
    /// attempt is handed over once; again only if the handover did not happen).
    /// </summary>
    public DateTimeOffset? HandoverRequestedAt { get; set; }

    public int? HandoverRequestedFor { get; set; }

    public string? ETag { get; set; }
}
