using System.Text.Json.Serialization;

namespace ServerlessLoad.Reports;

/// <summary>The counters and distributions every view of the results has: totals, a request, a scenario, a kind.</summary>
public interface IDetailedCounters
{
    long Requests { get; }

    long Failures { get; }

    double FailureRate { get; }

    double Rps { get; }

    long BytesSent { get; }

    long BytesReceived { get; }

    LatencySummary LatencyMs { get; }

    IReadOnlyDictionary<string, long> StatusCodes { get; }

    /// <summary>From the actual send to the end of the response; null when nothing recorded it.</summary>
    LatencySummary? ServiceTimeMs { get; }

    /// <summary>From the actual send to the first byte of the response; null when nothing recorded it.</summary>
    LatencySummary? TtfbMs { get; }

    /// <summary>New connections' set-up time (TCP connect, plus TLS); null when nothing recorded it.</summary>
    LatencySummary? ConnectMs { get; }

    long Checks { get; }

    long ChecksFailed { get; }

    /// <summary>Share of checks that held; null when no check was evaluated.</summary>
    double? ChecksRate { get; }
}

/// <summary>One scenario: its results keys merged, its iterations, and how its arrivals went.</summary>
public sealed record ScenarioReport(
    string Name,
    string Executor,
    long Requests,
    long Failures,
    double FailureRate,
    double Rps,
    long BytesSent,
    long BytesReceived,
    LatencySummary LatencyMs,
    IReadOnlyDictionary<string, long> StatusCodes) : IDetailedCounters
{
    /// <summary>Its results keys in plan order.</summary>
    public IReadOnlyList<string> Metrics { get; init; } = [];

    /// <summary>Iterations measured: each request of a <c>requests:</c> scenario, or each run of the first measured step.</summary>
    public long Iterations { get; init; }

    /// <summary>Arrivals the plan schedules for an arrival-rate scenario over its whole length; null for other executors.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? PlannedArrivals { get; init; }

    /// <summary>Arrivals that found no free VU and were not started.</summary>
    public long DroppedArrivals { get; init; }

    /// <summary>The Web Vitals of the scenario's browser steps merged; null without browser steps.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, LatencySummary>? Vitals { get; init; }

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

/// <summary>Every results key of one kind (http, websocket.connect, websocket.roundtrip, browser) merged.</summary>
public sealed record KindReport(
    string Kind,
    long Requests,
    long Failures,
    double FailureRate,
    double Rps,
    long BytesSent,
    long BytesReceived,
    LatencySummary LatencyMs,
    IReadOnlyDictionary<string, long> StatusCodes) : IDetailedCounters
{
    /// <summary>For the browser kind: the Web Vitals of every browser step merged.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, LatencySummary>? Vitals { get; init; }

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
/// A slice's load generator over the seconds that carried a health reading. <see cref="Saturated"/> flags a slice whose
/// generator was short of CPU or late (more than 10 % of its seconds with CPU above 90 % or timer lag p99 above 50 ms):
/// its latencies then include the generator's own delays.
/// </summary>
public sealed record SliceHealthReport(
    int Seconds,
    int SaturatedSeconds,
    bool Saturated,
    double CpuPercentMax,
    double CpuPercentMean,
    double LagP99MsMax,
    double LagMaxMs,
    long WorkingSetBytesMax,
    long GcHeapBytesMax,
    double GcPauseMs,
    int InFlightMax)
{
    /// <summary>Browser VUs open at once in the generator's process at most; null when it ran no browser.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? BrowserVusMax { get; init; }

    /// <summary>CPU of the browser's processes in the busiest second, in percent of the cores.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? BrowserCpuPercentMax { get; init; }

    /// <summary>Memory of the browser's processes at most (proportional set size).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? BrowserMemoryBytesMax { get; init; }

    /// <summary>The most memory per open browser VU any second showed (the browser's memory over its VUs then).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? BrowserMemoryBytesPerVu { get; init; }

    /// <summary>The most CPU per open browser VU any second showed, in percent of the cores.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? BrowserCpuPercentPerVu { get; init; }
}
