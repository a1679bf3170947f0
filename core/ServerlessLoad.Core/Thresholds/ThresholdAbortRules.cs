namespace ServerlessLoad.Core.Thresholds;

/// <summary>
/// Which thresholds may abort a run early. A rule may abort only when the results so far can prove it violated: an
/// upper bound on a count (counts only grow, so a running total above it stays above it), an upper bound on the run's
/// duration (elapsed time only grows), or a rate or latency statistic judged on the seconds so far, as k6 does. A lower
/// bound on a count or duration, and any request rate, is only known once the run has ended.
/// </summary>
public static class ThresholdAbortRules
{
    /// <summary>Why <paramref name="threshold"/> cannot abort a run early, or null when it can.</summary>
    public static string? WhyNot(Threshold threshold)
    {
        ArgumentNullException.ThrowIfNull(threshold);
        var isUpperBound = threshold.Op is ThresholdOperator.LessThan or ThresholdOperator.LessThanOrEqual;
        return threshold.Metric switch
        {
            ThresholdMetrics.Requests when threshold.Stat == ThresholdMetrics.Rate =>
                "abortOnFail cannot apply to a request rate: it is only known once the run has ended",
            ThresholdMetrics.Requests or ThresholdMetrics.Failures when threshold.Stat == ThresholdMetrics.Count && !isUpperBound =>
                $"abortOnFail cannot apply to '{threshold.Metric}.count' with {Describe(threshold.Op)}: a count only grows, so only an upper bound (< or <=) can be known violated before the run ends",
            ThresholdMetrics.Duration when !isUpperBound =>
                $"abortOnFail cannot apply to 'duration' with {Describe(threshold.Op)}: only an upper bound (< or <=) can be known violated before the run ends",
            _ => null,
        };
    }

    private static string Describe(ThresholdOperator op) => op switch
    {
        ThresholdOperator.GreaterThan => "'>'",
        ThresholdOperator.GreaterThanOrEqual => "'>='",
        ThresholdOperator.Equal => "'=='",
        ThresholdOperator.NotEqual => "'!='",
        _ => op.ToString(),
    };
}
