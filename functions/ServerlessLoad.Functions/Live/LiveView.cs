using ServerlessLoad.Core.Histograms;
using ServerlessLoad.Functions.Api;
using ServerlessLoad.Reports;

namespace ServerlessLoad.Functions.Live;

/// <summary>One merged second of a run as the dashboard draws it (latencies in milliseconds, null without requests).</summary>
public sealed record LivePoint(long Second, long Requests, long Failures, int ActiveVus, double? P50Ms, double? P90Ms, double? P95Ms, double? P99Ms);

/// <summary>The run so far: counts, the mean rate over the stored seconds, and latency percentiles of every request.</summary>
public sealed record LiveTotals(long Requests, long Failures, double Rps, double? P50Ms, double? P90Ms, double? P95Ms, double? P99Ms);

/// <summary>A threshold judged on the seconds stored so far: pass, fail, or pending while its metric has no data.</summary>
public sealed record LiveThreshold(string Expression, string State, string Actual, string Message);

/// <summary>
/// GET /api/runs/{id}/live: the run, and its seconds from <c>from</c> through the last one every slice has stored, so a
/// page that polls asks only for what it has not drawn yet.
/// </summary>
public sealed record LiveView(
    RunView Run,
    long Through,
    double? ElapsedSeconds,
    IReadOnlyList<LivePoint> Seconds,
    LiveTotals Totals,
    IReadOnlyList<LiveThreshold> Thresholds,
    DateTimeOffset ServerTime)
{
    /// <summary>At most this many seconds in one answer; a page far behind catches up over a few polls.</summary>
    public const int MaxSeconds = 3600;

    public static LiveView From(LiveState state, long fromSecond, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var results = state.Results;
        var seconds = results.Seconds
            .Where(s => s.Second >= fromSecond && s.Second <= state.Through)
            .Take(MaxSeconds)
            .Select(s => new LivePoint(
                s.Second,
                s.Totals.Requests,
                s.Totals.Failures,
                s.ActiveVus,
                Ms(s.Totals.Latency, 50),
                Ms(s.Totals.Latency, 90),
                Ms(s.Totals.Latency, 95),
                Ms(s.Totals.Latency, 99)))
            .ToList();
        var latency = results.Totals.Latency;
        var totals = new LiveTotals(
            results.Totals.Requests,
            results.Totals.Failures,
            results.Seconds.Count == 0 ? 0 : Math.Round((double)results.Totals.Requests / results.MeasuredSeconds, 1),
            Ms(latency, 50),
            Ms(latency, 90),
            Ms(latency, 95),
            Ms(latency, 99));
        var thresholds = state.Plan is null || state.Through < 0
            ? []
            : ThresholdJudge.Judge(state.Plan.Thresholds, results, state.Through + 1, state.Catalog)
                .Select(t => new LiveThreshold(t.Source, t.Actual is null ? "pending" : t.Passed ? "pass" : "fail", t.ActualText, t.Message))
                .ToList();
        return new LiveView(
            RunView.From(state.Run, state.Slices),
            state.Through,
            state.Run.StartAt is { } start ? Math.Round((now - start).TotalSeconds, 1) : null,
            seconds,
            totals,
            thresholds,
            now);
    }

    private static double? Ms(LatencyHistogram histogram, double percentile) =>
        histogram.TotalCount == 0 ? null : Math.Round(histogram.ValueAtPercentile(percentile) / 1000.0, 3);
}
