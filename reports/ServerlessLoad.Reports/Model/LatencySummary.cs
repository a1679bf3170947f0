using ServerlessLoad.Core.Histograms;

namespace ServerlessLoad.Reports;

/// <summary>Latency statistics in milliseconds, rounded to 3 decimals (whole microseconds). All zero when empty.</summary>
public sealed record LatencySummary(
    double Min,
    double Mean,
    double Stdev,
    double P50,
    double P75,
    double P90,
    double P95,
    double P99,
    double P999,
    double Max)
{
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public static LatencySummary From(LatencyHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (histogram.TotalCount == 0)
        {
            return Empty;
        }

        return new LatencySummary(
            Min: Milliseconds(histogram.MinMicros),
            Mean: Milliseconds(histogram.MeanMicros),
            Stdev: Milliseconds(histogram.StdDevMicros),
            P50: Percentile(histogram, 50),
            P75: Percentile(histogram, 75),
            P90: Percentile(histogram, 90),
            P95: Percentile(histogram, 95),
            P99: Percentile(histogram, 99),
            P999: Percentile(histogram, 99.9),
            Max: Milliseconds(histogram.MaxMicros));
    }

    /// <summary>
    /// The statistics of a histogram of scaled scores (layout shift stored times <paramref name="scale"/>), as scores
    /// rounded to 4 decimals, in the same shape as milliseconds.
    /// </summary>
    public static LatencySummary FromScaled(LatencyHistogram histogram, long scale)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (histogram.TotalCount == 0)
        {
            return Empty;
        }

        double Score(double value) => Math.Round(value / scale, 4, MidpointRounding.AwayFromZero);
        return new LatencySummary(
            Score(histogram.MinMicros),
            Score(histogram.MeanMicros),
            Score(histogram.StdDevMicros),
            Score(histogram.ValueAtPercentile(50)),
            Score(histogram.ValueAtPercentile(75)),
            Score(histogram.ValueAtPercentile(90)),
            Score(histogram.ValueAtPercentile(95)),
            Score(histogram.ValueAtPercentile(99)),
            Score(histogram.ValueAtPercentile(99.9)),
            Score(histogram.MaxMicros));
    }

    /// <summary>The value (ms, 3 decimals) at <paramref name="percentile"/> (0..100) of the histogram.</summary>
    public static double Percentile(LatencyHistogram histogram, double percentile)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        return Milliseconds(histogram.ValueAtPercentile(percentile));
    }

    internal static double Milliseconds(double micros) => Math.Round(micros / 1000.0, 3, MidpointRounding.AwayFromZero);
}
