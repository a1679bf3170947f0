using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Results;

namespace ServerlessLoad.Reports;

/// <summary>
/// The Web Vitals of browser steps as reports show them: one summary per measure in <see cref="BrowserVitals.All"/>
/// order (ttfb, fcp, lcp, cls, inp), times in milliseconds and CLS as its score.
/// </summary>
public static class BrowserVitalsReport
{
    /// <summary>The measures the results hold; null when they hold none (no browser step recorded any).</summary>
    public static IReadOnlyDictionary<string, LatencySummary>? Of(RequestStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var summaries = new Dictionary<string, LatencySummary>(StringComparer.Ordinal);
        foreach (var vital in BrowserVitals.All)
        {
            if (stats.Vitals.TryGetValue(vital, out var histogram) && histogram.TotalCount > 0)
            {
                summaries[vital] = BrowserVitals.IsTime(vital) ? LatencySummary.From(histogram) : LatencySummary.FromScaled(histogram, BrowserVitals.ClsScale);
            }
        }

        return summaries.Count == 0 ? null : summaries;
    }
}
