namespace ServerlessLoad.Reports;

/// <summary>
/// Everything a run's report says, in the shape of report.json. Built by <see cref="ReportBuilder"/>, rendered by
/// <see cref="ReportJson"/> and <see cref="ReportMarkdown"/>. Latencies are milliseconds, rates per second over
/// <see cref="MeasuredSeconds"/>, failure rates fractions.
/// </summary>
public sealed record RunReport
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    public required string RunId { get; init; }

    public required PlanInfo Plan { get; init; }

    /// <summary>A final <c>RunStatus</c>: passed, failed, errored or cancelled.</summary>
    public required string Verdict { get; init; }

    public string? Trigger { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset EndedAt { get; init; }

    /// <summary>Wall time from start to end of the run.</summary>
    public required double DurationSeconds { get; init; }

    /// <summary>The denominator of every rps figure: the span of seconds that hold measurements (at least 1).</summary>
    public required long MeasuredSeconds { get; init; }

    public required TotalsReport Totals { get; init; }

    public required IReadOnlyList<RequestReport> Requests { get; init; }

    public required IReadOnlyList<ThresholdResult> Thresholds { get; init; }

    public required IReadOnlyList<SliceReport> Slices { get; init; }

    public required IReadOnlyList<SecondReport> PerSecond { get; init; }

    /// <summary>Failures of all requests by category, most frequent first.</summary>
    public required IReadOnlyList<FailureCategoryReport> FailureCategories { get; init; }

    public required IReadOnlyList<string> Errors { get; init; }

    /// <summary>The comparison with the baseline run, when there was one.</summary>
    public BaselineJson? Baseline { get; init; }

    /// <summary>The abortOnFail threshold that stopped the run early, when one did.</summary>
    public RunAbort? AbortedBy { get; init; }
}

public sealed record PlanInfo(string Name, int Slices, double PlannedDurationSeconds);

public sealed record TotalsReport(
    long Requests,
    long Failures,
    double FailureRate,
    double Rps,
    long BytesSent,
    long BytesReceived,
    LatencySummary LatencyMs,
    IReadOnlyDictionary<string, long> StatusCodes);

/// <summary>One request name. Method and url are null for names the plan does not know.</summary>
public sealed record RequestReport(
    string Name,
    string? Method,
    string? Url,
    long Requests,
    long Failures,
    double FailureRate,
    double Rps,
    long BytesSent,
    long BytesReceived,
    LatencySummary LatencyMs,
    IReadOnlyDictionary<string, long> StatusCodes,
    IReadOnlyList<FailureCategoryReport> FailureCategories);

/// <summary>
/// One slice: status and attempt from its own record, requests/failures from its rows (so they reconcile with the
/// totals), and the counter the slice reported itself, which differs when rows went missing.
/// </summary>
public sealed record SliceReport(
    int Index,
    string Status,
    int Attempt,
    long Requests,
    long Failures,
    long ReportedRequests,
    string? Error)
{
    /// <summary>Seconds of the slice's planned timeline (up to the run's end) that hold no row, with the reason.</summary>
    public IReadOnlyList<MissingSpan> MissingSeconds { get; init; } = Array.Empty<MissingSpan>();
}

/// <summary>Seconds <see cref="From"/> to <see cref="To"/> (inclusive) of a slice were not measured or not stored.</summary>
public sealed record MissingSpan(long From, long To, string Reason)
{
    public long Count => To - From + 1;
}

public sealed record SecondReport(
    long Second,
    long Requests,
    long Failures,
    double Rps,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    int ActiveVus);

public sealed record FailureCategoryReport(string Category, long Count, IReadOnlyList<string> Samples);
