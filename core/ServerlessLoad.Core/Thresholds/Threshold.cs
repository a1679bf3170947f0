namespace ServerlessLoad.Core.Thresholds;

/// <summary>
/// One pass/fail rule such as <c>latency{request:home}.p95 &lt; 500ms over 30s</c>. <see cref="Value"/> is normalized:
/// latencies and durations in milliseconds, rates (failures, checks) as fractions (1% is 0.01), request rates per
/// second, counts as-is. <c>rps</c> is read as <c>requests.rate</c>.
/// </summary>
/// <param name="Source">The expression as written.</param>
/// <param name="Metric">One of <see cref="ThresholdMetrics"/>' names.</param>
/// <param name="Request">The request the rule is limited to, or null for all requests.</param>
/// <param name="Stat">The statistic (<c>p95</c>, <c>rate</c>, ...), or null for metrics without one (<c>duration</c>).</param>
/// <param name="Over">When set, the rule must hold over every sliding window of this length, not just the whole run.</param>
public sealed record Threshold(
    string Source,
    string Metric,
    string? Request,
    string? Stat,
    ThresholdOperator Op,
    double Value,
    TimeSpan? Over)
{
    /// <summary>Relative tolerance for == and !=, so 0.1% (0.1 / 100) equals a measured 0.001.</summary>
    private const double EqualityTolerance = 1e-9;

    /// <summary>Cancel the run as soon as this rule is certainly violated (see <see cref="ThresholdAbortRules"/>).</summary>
    public bool AbortOnFail { get; init; }

    /// <summary>With <see cref="AbortOnFail"/>: how long into the run before the rule is judged early, so a warm-up cannot abort it.</summary>
    public TimeSpan DelayAbortEval { get; init; }

    /// <summary>Whether a measured value, in the same normalized unit as <see cref="Value"/>, satisfies the rule.</summary>
    public bool IsMet(double actual)
    {
        if (double.IsNaN(actual))
        {
            return false;
        }

        return Op switch
        {
            ThresholdOperator.LessThan => actual < Value,
            ThresholdOperator.LessThanOrEqual => actual <= Value || NearlyEqual(actual),
            ThresholdOperator.GreaterThan => actual > Value,
            ThresholdOperator.GreaterThanOrEqual => actual >= Value || NearlyEqual(actual),
            ThresholdOperator.Equal => NearlyEqual(actual),
            ThresholdOperator.NotEqual => !NearlyEqual(actual),
            _ => false,
        };
    }

    public override string ToString() => Source;

    private bool NearlyEqual(double actual) =>
        actual == Value || Math.Abs(actual - Value) <= EqualityTolerance * Math.Max(Math.Abs(actual), Math.Abs(Value));
}
