namespace ServerlessLoad.Reports;

/// <summary>A figure compared with the baseline. Names follow the threshold language (latency.p95, rps, failures.rate).</summary>
public enum BaselineMetric
{
    LatencyP50,
    LatencyP95,
    LatencyP99,
    Rps,
    FailureRate,
}

/// <summary>Which way a change in a <see cref="BaselineMetric"/> is worse.</summary>
public enum BaselineChange
{
    Unchanged,
    Better,
    Worse,
}

public static class BaselineMetricExtensions
{
    /// <summary>The metric as the threshold language spells it: latency.p50, latency.p95, latency.p99, rps, failures.rate.</summary>
    public static string Name(this BaselineMetric metric) => metric switch
    {
        BaselineMetric.LatencyP50 => "latency.p50",
        BaselineMetric.LatencyP95 => "latency.p95",
        BaselineMetric.LatencyP99 => "latency.p99",
        BaselineMetric.Rps => "rps",
        BaselineMetric.FailureRate => "failures.rate",
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, null),
    };

    /// <summary>Only throughput improves upwards; latency and failure rate improve downwards.</summary>
    public static bool HigherIsBetter(this BaselineMetric metric) => metric == BaselineMetric.Rps;

    public static bool IsLatency(this BaselineMetric metric) =>
        metric is BaselineMetric.LatencyP50 or BaselineMetric.LatencyP95 or BaselineMetric.LatencyP99;
}
