using System.Globalization;
using ServerlessLoad.Core.Histograms;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Results;
using ServerlessLoad.Core.Thresholds;

namespace ServerlessLoad.Reports;

/// <summary>
/// Judges threshold expressions against merged results. Rates per second divide by
/// <see cref="MergedResults.MeasuredSeconds"/>; <c>duration</c> is the run's wall time. A metric the results hold no
/// data for fails with "no data for ..." instead of passing unnoticed: a latency-like metric nothing recorded, a
/// request name never measured, <c>failures.rate</c> when no request was sent, <c>checks.rate</c> when no check was
/// evaluated, <c>websocket.*</c> without a websocket step. <c>websocket.connect</c> and <c>websocket.roundtrip</c> judge every key of that kind merged;
/// <c>{request:N}</c> narrows them to the step N (its key <c>N.connect</c> or <c>N.roundtrip</c>, or the key itself).
/// <c>browser.duration</c> and the Web Vitals (<c>browser.lcp</c> ...) judge every browser step merged, or the step N;
/// times in milliseconds, <c>browser.cls</c> as its score.
/// </summary>
public static class ThresholdJudge
{
    public static IReadOnlyList<ThresholdResult> Judge(
        IReadOnlyList<string> thresholds,
        MergedResults results,
        double durationSeconds) =>
        Judge(thresholds, results, durationSeconds, MetricCatalog.Empty);

    /// <param name="catalog">Tells which results keys are of which kind (for <c>websocket.*</c>).</param>
    public static IReadOnlyList<ThresholdResult> Judge(
        IReadOnlyList<string> thresholds,
        MergedResults results,
        double durationSeconds,
        MetricCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(catalog);
        return thresholds.Select(text => JudgeOne(text, results, durationSeconds, catalog)).ToList();
    }

    /// <summary>The kind of results keys a metric judges (<c>websocket.connect</c> ...), or null for metrics over any key.</summary>
    public static string? KindJudged(string metric) => metric switch
    {
        ThresholdMetrics.WebSocketConnect => MetricKinds.WebSocketConnect,
        ThresholdMetrics.WebSocketRoundtrip => MetricKinds.WebSocketRoundTrip,
        _ when metric.StartsWith(ThresholdMetrics.BrowserPrefix, StringComparison.Ordinal) => MetricKinds.Browser,
        _ => null,
    };

    private static ThresholdResult JudgeOne(string text, MergedResults results, double durationSeconds, MetricCatalog catalog)
    {
        if (!ThresholdParser.TryParse(text, out var threshold, out var error, out var position))
        {
            return new ThresholdResult(text, false, null, ThresholdUnits.None, $"invalid threshold at position {position}: {error}");
        }

        var unit = UnitOf(threshold);
        var whole = Measure(threshold, StatsFor(threshold, results.Totals, results.ByRequest, catalog), results.MeasuredSeconds, durationSeconds);
        if (whole is not { } actual)
        {
            return new ThresholdResult(text, false, null, unit, $"no data for {Describe(threshold)}");
        }

        var limit = $"{OperatorText(threshold.Op)} {ThresholdUnits.Format(threshold.Value, unit)}";
        if (threshold.Over is not { } over || threshold.Metric == ThresholdMetrics.Duration)
        {
            var met = threshold.IsMet(actual);
            var verb = met ? "meets" : "does not meet";
            return new ThresholdResult(text, met, actual, unit, $"{ThresholdUnits.Format(actual, unit)} {verb} {limit}");
        }

        return JudgeSustained(threshold, results, catalog, over, actual, unit, limit);
    }

    /// <summary>
    /// An <c>over</c> window fails only when the metric, evaluated per second, misses the limit for at least that many
    /// consecutive seconds. A second without data for the metric (no requests for a latency) breaks a streak: only
    /// measured violations count.
    /// </summary>
    private static ThresholdResult JudgeSustained(
        Threshold threshold,
        MergedResults results,
        MetricCatalog catalog,
        TimeSpan over,
        double actual,
        string unit,
        string limit)
    {
        var window = Math.Max(1, (long)Math.Ceiling(over.TotalSeconds));
        long streak = 0, longest = 0, longestStart = 0, streakStart = 0;
        foreach (var second in results.Seconds)
        {
            var value = Measure(threshold, StatsFor(threshold, second.Totals, second.Requests, catalog), 1, 0);
            if (value is { } v && !threshold.IsMet(v))
            {
                if (streak == 0)
                {
                    streakStart = second.Second;
                }

                streak++;
                if (streak > longest)
                {
                    longest = streak;
                    longestStart = streakStart;
                }
            }
            else
            {
                streak = 0;
            }
        }

        var windowText = Seconds(window);
        if (longest >= window)
        {
            return new ThresholdResult(
                threshold.Source,
                false,
                actual,
                unit,
                $"missed {limit} for {Seconds(longest)} in a row from second {longestStart.ToString(CultureInfo.InvariantCulture)} (allowed: less than {windowText})");
        }

        var detail = longest == 0 ? "never missed" : $"missed at most {Seconds(longest)} in a row";
        return new ThresholdResult(
            threshold.Source,
            true,
            actual,
            unit,
            $"per second {detail} {limit} (allowed: less than {windowText}); whole run {ThresholdUnits.Format(actual, unit)}");
    }

    private static RequestStats? StatsFor(
        Threshold threshold,
        RequestStats totals,
        IReadOnlyDictionary<string, RequestStats> byRequest,
        MetricCatalog catalog)
    {
        if (KindJudged(threshold.Metric) is { } kind)
        {
            RequestStats? merged = null;
            foreach (var (name, stats) in byRequest)
            {
                if (catalog.KindOf(name) == kind && (threshold.Request is null || MetricCatalog.Selects(threshold.Request, name, kind)))
                {
                    (merged ??= new RequestStats()).Add(stats);
                }
            }

            return merged;
        }

        return threshold.Request is null ? totals : byRequest.GetValueOrDefault(threshold.Request);
    }

    /// <summary>The metric's value in its normalized unit, or null when the results hold no data for it.</summary>
    private static double? Measure(Threshold threshold, RequestStats? stats, long seconds, double durationSeconds)
    {
        switch (threshold.Metric)
        {
            case ThresholdMetrics.Latency:
            case ThresholdMetrics.WebSocketConnect:
            case ThresholdMetrics.WebSocketRoundtrip:
                return LatencyStat(stats?.Latency, threshold.Stat);
            case ThresholdMetrics.BrowserDuration:
                return LatencyStat(stats?.Latency, threshold.Stat);
            case ThresholdMetrics.BrowserCls:
                return LatencyStat(stats?.Vitals.GetValueOrDefault(BrowserVitals.Cls), threshold.Stat) is { } scaled
                    ? Math.Round(scaled * 1000 / BrowserVitals.ClsScale, 4)
                    : null;
            case ThresholdMetrics.BrowserTtfb or ThresholdMetrics.BrowserFcp or ThresholdMetrics.BrowserLcp or ThresholdMetrics.BrowserInp:
                return LatencyStat(stats?.Vitals.GetValueOrDefault(threshold.Metric[ThresholdMetrics.BrowserPrefix.Length..]), threshold.Stat);
            case ThresholdMetrics.ServiceTime:
                return LatencyStat(stats?.ServiceTime, threshold.Stat);
            case ThresholdMetrics.TimeToFirstByte:
                return LatencyStat(stats?.TimeToFirstByte, threshold.Stat);
            case ThresholdMetrics.Checks:
                return stats is { Checks: > 0 } ? (double)(stats.Checks - stats.ChecksFailed) / stats.Checks : null;
            case ThresholdMetrics.Failures:
                var requests = stats?.Requests ?? 0;
                var failures = stats?.Failures ?? 0;
                // A rate of nothing is no data: a run (or a request name) that sent no request must not pass a
                // failure-rate gate unnoticed. A count of failures is a fact even then.
                return threshold.Stat == ThresholdMetrics.Count
                    ? failures
                    : requests == 0 ? null : (double)failures / requests;
            case ThresholdMetrics.Requests:
            case ThresholdMetrics.RequestsPerSecond:
                var count = stats?.Requests ?? 0;
                return threshold.Stat == ThresholdMetrics.Count ? count : (double)count / Math.Max(1, seconds);
            case ThresholdMetrics.Duration:
                return durationSeconds * 1000.0;
            default:
                return null;
        }
    }

    private static double? LatencyStat(LatencyHistogram? latency, string? stat)
    {
        if (latency is not { TotalCount: > 0 })
        {
            return null;
        }

        return stat switch
        {
            "min" => LatencySummary.Milliseconds(latency.MinMicros),
            "max" => LatencySummary.Milliseconds(latency.MaxMicros),
            "mean" or "avg" => LatencySummary.Milliseconds(latency.MeanMicros),
            null => null,
            _ => ThresholdMetrics.QuantileOf(stat) is { } quantile
                ? LatencySummary.Percentile(latency, quantile * 100)
                : PercentileFromName(latency, stat),
        };
    }

    /// <summary>Statistics like <c>p99.99</c> that the catalog does not list but still name a percentile.</summary>
    private static double? PercentileFromName(LatencyHistogram latency, string stat) =>
        stat.Length > 1 && stat[0] == 'p'
            && double.TryParse(stat.AsSpan(1), NumberStyles.Float, CultureInfo.InvariantCulture, out var p)
            && p is > 0 and <= 100
            ? LatencySummary.Percentile(latency, p)
            : null;

    private static string UnitOf(Threshold threshold) => threshold.Metric switch
    {
        ThresholdMetrics.Failures => threshold.Stat == ThresholdMetrics.Count ? ThresholdUnits.Count : ThresholdUnits.Fraction,
        ThresholdMetrics.Requests or ThresholdMetrics.RequestsPerSecond =>
            threshold.Stat == ThresholdMetrics.Count ? ThresholdUnits.Count : ThresholdUnits.PerSecond,
        ThresholdMetrics.Checks => ThresholdUnits.Fraction,
        ThresholdMetrics.BrowserCls => ThresholdUnits.Score,
        _ => ThresholdUnits.Milliseconds,
    };

    private static string Describe(Threshold threshold)
    {
        var request = threshold.Request is null ? "" : $"{{request:{threshold.Request}}}";
        var stat = threshold.Stat is null ? "" : $".{threshold.Stat}";
        var named = threshold.Request is not null;
        var reason = threshold.Metric switch
        {
            ThresholdMetrics.Latency => named ? " (no request of that name was measured)" : " (no request was measured)",
            ThresholdMetrics.ServiceTime or ThresholdMetrics.TimeToFirstByte =>
                named ? " (no response to a request of that name was measured)" : " (no response was measured)",
            ThresholdMetrics.Checks => named ? " (no check of that request was evaluated)" : " (no check was evaluated)",
            ThresholdMetrics.Failures => named ? " (no request of that name was sent)" : " (no request was sent)",
            ThresholdMetrics.WebSocketConnect or ThresholdMetrics.WebSocketRoundtrip =>
                named ? " (no websocket step of that name was measured)" : " (no websocket step was measured)",
            ThresholdMetrics.BrowserDuration => named ? " (no browser step of that name was measured)" : " (no browser step was measured)",
            ThresholdMetrics.BrowserInp => named ? " (no interaction of that browser step was measured)" : " (no browser step interacted with a page)",
            _ when threshold.Metric.StartsWith(ThresholdMetrics.BrowserPrefix, StringComparison.Ordinal) =>
                named ? " (no page that browser step loaded was measured)" : " (no page a browser step loaded was measured)",
            _ => " (this metric is not recorded)",
        };
        return threshold.Metric + request + stat + reason;
    }

    private static string OperatorText(ThresholdOperator op) => op switch
    {
        ThresholdOperator.LessThan => "<",
        ThresholdOperator.LessThanOrEqual => "<=",
        ThresholdOperator.GreaterThan => ">",
        ThresholdOperator.GreaterThanOrEqual => ">=",
        ThresholdOperator.Equal => "==",
        ThresholdOperator.NotEqual => "!=",
        _ => op.ToString(),
    };

    private static string Seconds(long count) => count.ToString(CultureInfo.InvariantCulture) + (count == 1 ? " second" : " seconds");
}
