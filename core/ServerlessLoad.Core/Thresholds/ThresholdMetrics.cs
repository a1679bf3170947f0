namespace ServerlessLoad.Core.Thresholds;

/// <summary>The metrics and statistics threshold expressions may name.</summary>
public static class ThresholdMetrics
{
    /// <summary>Latency from the intended start of each request (coordinated-omission corrected).</summary>
    public const string Latency = "latency";

    /// <summary>Latency from the actual send, without waiting time.</summary>
    public const string ServiceTime = "service_time";

    /// <summary>Time to first byte of the response.</summary>
    public const string TimeToFirstByte = "ttfb";

    public const string Failures = "failures";

    public const string Requests = "requests";

    /// <summary>Accepted in expressions and read as <see cref="Requests"/>.<see cref="Rate"/>.</summary>
    public const string RequestsPerSecond = "rps";

    public const string Checks = "checks";

    /// <summary>The run's wall-clock time.</summary>
    public const string Duration = "duration";

    public const string WebSocketConnect = "websocket.connect";

    public const string WebSocketRoundtrip = "websocket.roundtrip";

    /// <summary>How long browser steps took, think actions excluded.</summary>
    public const string BrowserDuration = "browser.duration";

    public const string BrowserTtfb = "browser.ttfb";

    public const string BrowserFcp = "browser.fcp";

    public const string BrowserLcp = "browser.lcp";

    /// <summary>Cumulative layout shift: a unitless score, judged against a plain number (0.1).</summary>
    public const string BrowserCls = "browser.cls";

    public const string BrowserInp = "browser.inp";

    /// <summary>The prefix of the browser metrics: <c>browser.lcp</c> judges the Web Vital <c>lcp</c> of browser steps.</summary>
    public const string BrowserPrefix = "browser.";

    public const string Rate = "rate";

    public const string Count = "count";

    /// <summary>Statistics of the latency-like metrics, in ascending order of the quantile they describe.</summary>
    public static readonly IReadOnlyList<string> LatencyStats = ["min", "mean", "p50", "p75", "p90", "p95", "p99", "p99.9", "max"];

    /// <summary>The quantile (0..1) a percentile statistic stands for (<c>p99.9</c> is 0.999), or null for min/mean/max.</summary>
    public static double? QuantileOf(string stat) => stat switch
    {
        "p50" => 0.5,
        "p75" => 0.75,
        "p90" => 0.9,
        "p95" => 0.95,
        "p99" => 0.99,
        "p99.9" => 0.999,
        _ => null,
    };

    internal static readonly IReadOnlyList<ThresholdMetric> All = BuildCatalog();

    internal static ThresholdMetric? Find(string name) => All.FirstOrDefault(m => m.Name == name);

    private static List<ThresholdMetric> BuildCatalog()
    {
        var latency = LatencyStats.ToDictionary(s => s, _ => ThresholdValueKind.Latency);
        return
        [
            new(Latency, latency, null, AllowsRequest: true),
            new(ServiceTime, latency, null, AllowsRequest: true),
            new(TimeToFirstByte, latency, null, AllowsRequest: true),
            new(WebSocketConnect, latency, null, AllowsRequest: true),
            new(WebSocketRoundtrip, latency, null, AllowsRequest: true),
            new(BrowserDuration, latency, null, AllowsRequest: true),
            new(BrowserTtfb, latency, null, AllowsRequest: true),
            new(BrowserFcp, latency, null, AllowsRequest: true),
            new(BrowserLcp, latency, null, AllowsRequest: true),
            new(BrowserCls, LatencyStats.ToDictionary(s => s, _ => ThresholdValueKind.Score), null, AllowsRequest: true),
            new(BrowserInp, latency, null, AllowsRequest: true),
            new(Failures, new Dictionary<string, ThresholdValueKind> { [Rate] = ThresholdValueKind.Fraction, [Count] = ThresholdValueKind.Count }, null, AllowsRequest: true),
            new(Requests, new Dictionary<string, ThresholdValueKind> { [Count] = ThresholdValueKind.Count, [Rate] = ThresholdValueKind.PerSecond }, null, AllowsRequest: true),
            new(RequestsPerSecond, new Dictionary<string, ThresholdValueKind>(), ThresholdValueKind.PerSecond, AllowsRequest: true),
            new(Checks, new Dictionary<string, ThresholdValueKind> { [Rate] = ThresholdValueKind.Fraction }, null, AllowsRequest: true),
            new(Duration, new Dictionary<string, ThresholdValueKind>(), ThresholdValueKind.Duration, AllowsRequest: false),
        ];
    }
}

/// <summary>What a threshold's value means, which decides the units it accepts and how it is normalized.</summary>
internal enum ThresholdValueKind
{
    /// <summary>A time with an optional unit (us, ms, s; ms by default), normalized to milliseconds.</summary>
    Latency,

    /// <summary>A time with a required unit (ms, s, m, h or a compound like 1m30s), normalized to milliseconds.</summary>
    Duration,

    /// <summary>A percent (1%) or a fraction (0.01), normalized to a fraction.</summary>
    Fraction,

    /// <summary>A whole number.</summary>
    Count,

    /// <summary>Events per second.</summary>
    PerSecond,

    /// <summary>A unitless score (layout shift), as a plain number.</summary>
    Score,
}

/// <param name="Stats">Statistic name to value kind; empty when the metric takes no statistic.</param>
/// <param name="NoStatKind">The value kind when the metric takes no statistic.</param>
internal sealed record ThresholdMetric(
    string Name,
    IReadOnlyDictionary<string, ThresholdValueKind> Stats,
    ThresholdValueKind? NoStatKind,
    bool AllowsRequest);
