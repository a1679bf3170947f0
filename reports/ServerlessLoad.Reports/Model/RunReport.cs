using System.Text.Json.Serialization;

namespace ServerlessLoad.Reports;

/// <summary>
/// Everything a run's report says, in the shape of report.json. Built by <see cref="ReportBuilder"/>, rendered by
/// <see cref="ReportJson"/> and <see cref="ReportMarkdown"/>. Latencies are milliseconds, rates per second over
/// <see cref="MeasuredSeconds"/>, failure rates fractions.
/// </summary>
public sealed record RunReport
{
    public const int CurrentSchemaVersion = 1;

    /// <summary>
    /// Minor versions only add fields: 1 added scenarios, kinds, service time, time to first byte, connect time, checks,
    /// dropped arrivals, planned load per second, generator health per slice, and the abortOnFail threshold that stopped a
    /// run; 2 added the missing load (unmeasured slice-seconds against the tolerance) and warnings; 3 added browser steps'
    /// Web Vitals (per step, scenario and kind), their screenshots, and the browser's share of generator health.
    /// </summary>
    public const int CurrentSchemaMinorVersion = 3;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    public int SchemaMinorVersion { get; init; } = CurrentSchemaMinorVersion;

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

    /// <summary>Each scenario of the plan, in plan order (empty without a plan).</summary>
    public IReadOnlyList<ScenarioReport> Scenarios { get; init; } = [];

    /// <summary>Each kind of measured entry (http, websocket.connect, websocket.roundtrip) the plan or the rows hold.</summary>
    public IReadOnlyList<KindReport> Kinds { get; init; } = [];

    public required IReadOnlyList<ThresholdResult> Thresholds { get; init; }

    public required IReadOnlyList<SliceReport> Slices { get; init; }

    public required IReadOnlyList<SecondReport> PerSecond { get; init; }

    /// <summary>Failures of all requests by category, most frequent first.</summary>
    public required IReadOnlyList<FailureCategoryReport> FailureCategories { get; init; }

    public required IReadOnlyList<string> Errors { get; init; }

    /// <summary>What does not change the verdict but a reader should know (missing load within the tolerance).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Unmeasured slice-seconds against the tolerance; null when nothing planned went unmeasured.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MissingLoadReport? MissingLoad { get; init; }

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
    IReadOnlyDictionary<string, long> StatusCodes) : IDetailedCounters
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LatencySummary? ServiceTimeMs { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LatencySummary? TtfbMs { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LatencySummary? ConnectMs { get; init; }

    public long Checks { get; init; }

    public long ChecksFailed { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ChecksRate { get; init; }

    /// <summary>Arrivals of arrival-rate scenarios that found no free VU and were not started.</summary>
    public long DroppedArrivals { get; init; }
}

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
    IReadOnlyList<FailureCategoryReport> FailureCategories) : IDetailedCounters
{
    /// <summary>One of <c>MetricKinds.All</c>: http, websocket.connect, websocket.roundtrip or browser.</summary>
    public string Kind { get; init; } = Core.Plans.MetricKinds.Http;

    /// <summary>A browser step's Web Vitals (see <see cref="BrowserVitalsReport"/>); null for other kinds.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, LatencySummary>? Vitals { get; init; }

    /// <summary>Screenshots of the step's failures, as artifact names (<c>screenshots/...png</c>); null when none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Screenshots { get; init; }

    /// <summary>The scenario that records it; null for names the plan does not know.</summary>
    public string? Scenario { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LatencySummary? ServiceTimeMs { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LatencySummary? TtfbMs { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LatencySummary? ConnectMs { get; init; }

    public long Checks { get; init; }

    public long ChecksFailed { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ChecksRate { get; init; }
}

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

    /// <summary>Arrivals this slice's generator had no free VU for.</summary>
    public long DroppedArrivals { get; init; }

    /// <summary>How the slice's load generator fared; null when its rows carry no health readings.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SliceHealthReport? Health { get; init; }
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
    int ActiveVus)
{
    /// <summary>Arrivals that found no free VU in this second, over all scenarios.</summary>
    public long DroppedArrivals { get; init; }

    /// <summary>VUs the constant-vus and ramping-vus scenarios target; null when the plan has none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? PlannedVus { get; init; }

    /// <summary>Arrivals the arrival-rate scenarios plan to start in this second; null when the plan has none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? PlannedArrivals { get; init; }

    /// <summary>Iterations of the arrival-rate scenarios measured in this second; null when the plan has none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? AchievedArrivals { get; init; }
}

public sealed record FailureCategoryReport(string Category, long Count, IReadOnlyList<string> Samples);
