using System.Globalization;
using ServerlessLoad.Core.Thresholds;

namespace ServerlessLoad.Reports;

/// <summary>
/// Judges abortOnFail thresholds on the results of a run so far, while it runs (k6's abortOnFail). A rule is judged
/// only once its delay has passed, on every second measured so far, exactly as the report would judge it; a rule whose
/// metric has no data yet never aborts. Which rules may be judged early at all is decided by validation
/// (<see cref="ThresholdAbortRules"/>): for counts and duration an upper bound passed stays passed, for rates and
/// latencies the verdict so far is taken as final, as k6 does.
/// </summary>
public static class AbortJudge
{
    /// <param name="rules">The plan's abortOnFail thresholds.</param>
    /// <param name="soFar">The merged rows of the seconds every slice has stored so far.</param>
    /// <param name="elapsed">How long the run has been going, from its common start.</param>
    /// <param name="catalog">The plan's metrics, so <c>websocket.*</c> rules judge the keys the report would (null: no plan).</param>
    /// <returns>The first rule (in plan order) that is violated, or null.</returns>
    public static RunAbort? Check(IReadOnlyList<Threshold> rules, MergedResults soFar, TimeSpan elapsed, MetricCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(soFar);
        catalog ??= MetricCatalog.Empty;
        foreach (var rule in rules)
        {
            if (!rule.AbortOnFail || elapsed < rule.DelayAbortEval)
            {
                continue;
            }

            var result = ThresholdJudge.Judge([rule.Source], soFar, elapsed.TotalSeconds, catalog)[0];
            if (result.Passed || result.Actual is null)
            {
                continue;
            }

            var second = rule.Metric == ThresholdMetrics.Duration || soFar.Seconds.Count == 0
                ? (long)elapsed.TotalSeconds
                : soFar.Seconds[^1].Second;
            return new RunAbort(
                rule.Source,
                second,
                string.Create(CultureInfo.InvariantCulture, $"{rule.Source} failed at second {second}: {result.Message}"));
        }

        return null;
    }
}
