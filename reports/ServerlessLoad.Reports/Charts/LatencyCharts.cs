using System.Globalization;
using ServerlessLoad.Core.Histograms;

namespace ServerlessLoad.Reports.Charts;

/// <summary>Chart inputs read from a merged latency histogram or from a run's latency summary, in milliseconds.</summary>
public static class LatencyCharts
{
    private const double MicrosPerMilli = 1000;

    /// <summary>
    /// Counts regrouped into log-spaced bins (10 to 100 per decade, about 40 across the data) so both a tight and a
    /// long-tailed distribution show their shape. Zero latencies are counted in the bin of 1 µs.
    /// </summary>
    public static IReadOnlyList<HistogramBin> LogBins(LatencyHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var buckets = histogram.Buckets().ToList();
        if (buckets.Count == 0)
        {
            return [];
        }

        var lowest = Math.Max(1, buckets[0].ValueMicros) / MicrosPerMilli;
        var highest = Math.Max(1, LatencyHistogram.HighestEquivalent(buckets[^1].ValueMicros) + 1) / MicrosPerMilli;
        var decades = Math.Max(Math.Log10(highest / lowest), 1e-3);
        var perDecade = Math.Clamp((int)Math.Ceiling(40 / decades), 10, 100);

        var counts = new SortedDictionary<int, long>();
        foreach (var (valueMicros, count) in buckets)
        {
            var index = BinIndex(Math.Max(1, valueMicros) / MicrosPerMilli, perDecade);
            counts[index] = counts.GetValueOrDefault(index) + count;
        }

        var first = counts.Keys.First();
        var last = counts.Keys.Last();
        var bins = new List<HistogramBin>(last - first + 1);
        for (var i = first; i <= last; i++)
        {
            bins.Add(new HistogramBin(Edge(i, perDecade), Edge(i + 1, perDecade), counts.GetValueOrDefault(i)));
        }

        return bins;
    }

    /// <summary>p50, p95, p99 and max of the histogram as labelled reference lines.</summary>
    public static IReadOnlyList<ValueMarker> PercentileMarkers(LatencyHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (histogram.TotalCount == 0)
        {
            return [];
        }

        return
        [
            Marker("p50", histogram.ValueAtPercentile(50), ChartPalette.Text),
            Marker("p95", histogram.ValueAtPercentile(95), ChartPalette.P95),
            Marker("p99", histogram.ValueAtPercentile(99), ChartPalette.P99),
            Marker("max", histogram.MaxMicros, ChartPalette.MutedText),
        ];
    }

    /// <summary>
    /// The percentile curve sampled every 0.02 "nines" up to the deepest percentile the sample count supports (at
    /// least 99 %, at most 99.999 %).
    /// </summary>
    public static IReadOnlyList<ChartPoint> PercentileCurve(LatencyHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (histogram.TotalCount == 0)
        {
            return [];
        }

        const int stepsPerNine = 50;
        var nines = Math.Clamp((int)Math.Ceiling(Math.Log10(histogram.TotalCount)), 2, 5);
        var points = new List<ChartPoint>((nines * stepsPerNine) + 1);
        for (var step = 0; step <= nines * stepsPerNine; step++)
        {
            var percentile = 100 * (1 - Math.Pow(10, -(double)step / stepsPerNine));
            points.Add(new ChartPoint(percentile, histogram.ValueAtPercentile(percentile) / MicrosPerMilli));
        }

        return points;
    }

    /// <summary>The few percentiles a report keeps, for when the histogram itself is not at hand.</summary>
    public static IReadOnlyList<ChartPoint> PercentileCurve(LatencySummary summary, long requests)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (requests == 0)
        {
            return [];
        }

        return
        [
            new(0, summary.Min),
            new(50, summary.P50),
            new(75, summary.P75),
            new(90, summary.P90),
            new(95, summary.P95),
            new(99, summary.P99),
            new(99.9, summary.P999),
        ];
    }

    public static string Milliseconds(double value) =>
        value.ToString(value >= 100 ? "0" : value >= 10 ? "0.#" : "0.##", CultureInfo.InvariantCulture) + " ms";

    private static ValueMarker Marker(string name, long micros, string colour) =>
        new(name + " " + Milliseconds(micros / MicrosPerMilli), micros / MicrosPerMilli) { Colour = colour };

    private static int BinIndex(double milliseconds, int perDecade) => (int)Math.Floor((Math.Log10(milliseconds) * perDecade) + 1e-9);

    private static double Edge(int index, int perDecade) => Math.Pow(10, (double)index / perDecade);
}
