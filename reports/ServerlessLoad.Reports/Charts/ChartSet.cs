using ServerlessLoad.Core.Histograms;

namespace ServerlessLoad.Reports.Charts;

/// <summary>
/// The charts of a run's report: each chart's input built from the report model, then rendered to SVG. The builders
/// are public so a caller can add a series (planned arrival rate, ...) before rendering.
/// </summary>
public static class ChartSet
{
    public const string LatencyPercentilesFile = "latency-percentiles.svg";
    public const string ThroughputFile = "throughput.svg";
    public const string VirtualUsersFile = "vus.svg";
    public const string ArrivalsFile = "arrivals.svg";
    public const string LatencyDistributionFile = "latency-distribution.svg";
    public const string LatencyPercentileCurveFile = "latency-percentile-curve.svg";
    public const string RequestsP95File = "requests-p95.svg";

    /// <summary>The order in which a report shows its charts.</summary>
    public static IReadOnlyList<string> DisplayOrder { get; } =
    [
        LatencyPercentilesFile,
        ThroughputFile,
        VirtualUsersFile,
        ArrivalsFile,
        LatencyDistributionFile,
        LatencyPercentileCurveFile,
        RequestsP95File,
    ];

    /// <summary>
    /// File name to SVG, in <see cref="DisplayOrder"/>. The distribution needs the merged histogram and is left out
    /// without it; the percentile curve then falls back to the report's summary percentiles. With a
    /// <paramref name="baseline"/>, the time-series charts and the percentile curve overlay that run.
    /// </summary>
    public static IReadOnlyDictionary<string, string> From(RunReport report, LatencyHistogram? merged = null, RunReport? baseline = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var charts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [LatencyPercentilesFile] = ChartRenderer.Render(LatencyPercentiles(report, baseline)),
            [ThroughputFile] = ChartRenderer.Render(Throughput(report, baseline)),
            [VirtualUsersFile] = ChartRenderer.Render(VirtualUsers(report, baseline)),
        };
        if (Arrivals(report) is { } arrivals)
        {
            charts[ArrivalsFile] = ChartRenderer.Render(arrivals);
        }

        if (merged is not null)
        {
            charts[LatencyDistributionFile] = ChartRenderer.Render(LatencyDistribution(merged));
        }

        charts[LatencyPercentileCurveFile] = ChartRenderer.Render(LatencyPercentileCurve(report, merged, baseline));
        charts[RequestsP95File] = ChartRenderer.Render(RequestsP95(report));
        return charts;
    }

    public static TimeSeriesChart LatencyPercentiles(RunReport report, RunReport? baseline = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new TimeSeriesChart("Latency percentiles over time", "Latency (ms)", LatencySeries(report))
        {
            Baseline = baseline is null ? null : new BaselineOverlay(baseline.RunId, LatencySeries(baseline)),
        };
    }

    public static TimeSeriesChart Throughput(RunReport report, RunReport? baseline = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new TimeSeriesChart("Throughput", "Requests per second", ThroughputSeries(report))
        {
            Baseline = baseline is null ? null : new BaselineOverlay(baseline.RunId, ThroughputSeries(baseline)),
        };
    }

    /// <summary>Active VUs; arrival-rate series (planned and achieved) belong on the secondary axis when added.</summary>
    public static TimeSeriesChart VirtualUsers(RunReport report, RunReport? baseline = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new TimeSeriesChart("Virtual users", "Virtual users", VirtualUserSeries(report))
        {
            SecondaryYAxisTitle = "Arrivals per second",
            Baseline = baseline is null ? null : new BaselineOverlay(baseline.RunId, VirtualUserSeries(baseline)),
        };
    }

    /// <summary>
    /// Planned versus achieved arrivals per second, and the arrivals dropped for want of a free VU; null when the plan has
    /// no arrival-rate scenario. Achieved arrivals are iterations measured in the second, so they lag the plan by the
    /// iterations' duration.
    /// </summary>
    public static TimeSeriesChart? Arrivals(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!report.PerSecond.Any(s => s.PlannedArrivals is not null))
        {
            return null;
        }

        return new TimeSeriesChart(
            "Planned vs achieved arrivals",
            "Arrivals per second",
            [
                new ChartSeries("Planned", ChartPalette.PlannedRate, report.PerSecond.Select(s => new ChartPoint(s.Second, s.PlannedArrivals ?? 0)).ToList()),
                new ChartSeries("Achieved", ChartPalette.AchievedRate, report.PerSecond.Select(s => new ChartPoint(s.Second, s.AchievedArrivals ?? 0)).ToList()),
                new ChartSeries("Dropped", ChartPalette.Failures, report.PerSecond.Select(s => new ChartPoint(s.Second, s.DroppedArrivals)).ToList()),
            ]);
    }

    public static HistogramChart LatencyDistribution(LatencyHistogram merged)
    {
        ArgumentNullException.ThrowIfNull(merged);
        return new HistogramChart("Latency distribution", "Latency (ms, log scale)", "Requests", LatencyCharts.LogBins(merged))
        {
            Markers = LatencyCharts.PercentileMarkers(merged),
        };
    }

    public static PercentileCurveChart LatencyPercentileCurve(RunReport report, LatencyHistogram? merged = null, RunReport? baseline = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var points = merged is not null
            ? LatencyCharts.PercentileCurve(merged)
            : LatencyCharts.PercentileCurve(report.Totals.LatencyMs, report.Totals.Requests);
        var baselineSeries = baseline is null
            ? null
            : new BaselineOverlay(
                baseline.RunId,
                [new ChartSeries("run " + baseline.RunId, ChartPalette.Blue, LatencyCharts.PercentileCurve(baseline.Totals.LatencyMs, baseline.Totals.Requests))]);
        return new PercentileCurveChart("Latency by percentile", "Latency (ms)", [new ChartSeries("run " + report.RunId, ChartPalette.Blue, points)])
        {
            Baseline = baselineSeries,
        };
    }

    /// <summary>Requests that were sent at least once; the ones never sent have no latency to compare.</summary>
    public static BarChart RequestsP95(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var bars = report.Requests.Where(r => r.Requests > 0).Select(r => new Bar(r.Name, r.LatencyMs.P95)).ToList();
        return new BarChart("p95 latency by request", "p95 latency (ms)", bars) { ValueUnit = "ms" };
    }

    /// <summary>Seconds without requests have no latency: they are gaps, not zeros.</summary>
    private static List<ChartSeries> LatencySeries(RunReport report)
    {
        static List<ChartPoint> Points(RunReport report, Func<SecondReport, double> value) =>
            report.PerSecond.Select(s => new ChartPoint(s.Second, s.Requests == 0 ? double.NaN : value(s))).ToList();

        return
        [
            new ChartSeries("p50", ChartPalette.Median, Points(report, s => s.P50Ms)),
            new ChartSeries("p95", ChartPalette.P95, Points(report, s => s.P95Ms)),
            new ChartSeries("p99", ChartPalette.P99, Points(report, s => s.P99Ms)),
        ];
    }

    private static List<ChartSeries> ThroughputSeries(RunReport report) =>
    [
        new ChartSeries("Requests/s", ChartPalette.Requests, report.PerSecond.Select(s => new ChartPoint(s.Second, s.Rps)).ToList()),
        new ChartSeries("Failures/s", ChartPalette.Failures, report.PerSecond.Select(s => new ChartPoint(s.Second, s.Failures)).ToList()),
    ];

    /// <summary>Active VUs, and the VUs the plan targets when it has constant-vus or ramping-vus scenarios.</summary>
    private static List<ChartSeries> VirtualUserSeries(RunReport report)
    {
        var series = new List<ChartSeries>
        {
            new("Active VUs", ChartPalette.VirtualUsers, report.PerSecond.Select(s => new ChartPoint(s.Second, s.ActiveVus)).ToList()),
        };
        if (report.PerSecond.Any(s => s.PlannedVus is not null))
        {
            series.Add(new ChartSeries("Target VUs", ChartPalette.PlannedRate, report.PerSecond.Select(s => new ChartPoint(s.Second, s.PlannedVus ?? 0)).ToList()));
        }

        return series;
    }
}
