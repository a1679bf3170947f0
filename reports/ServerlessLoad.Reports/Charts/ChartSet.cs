using ServerlessLoad.Core.Histograms;

namespace ServerlessLoad.Reports.Charts;

/// <summary>One chart of a report: its SVG file name (the PNG has the same name ending in .png) and what it shows.</summary>
public sealed record ReportChart(string File, ChartDefinition Definition)
{
    public string PngFile => Path.ChangeExtension(File, ".png");

    /// <summary>The chart as SVG, its ids named after the file so every chart of a page has its own.</summary>
    public string Svg() => ChartImage.Svg(Definition, Path.GetFileNameWithoutExtension(File));
}

/// <summary>
/// The charts of a run's report, each built from the report model as a <see cref="ChartDefinition"/> that
/// <see cref="ChartImage"/> draws as SVG and PNG. The builders are public so a caller can add a series (planned
/// arrival rate, ...) before drawing.
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

    /// <summary>A last second measured for at least this much less than a whole second still counts as whole.</summary>
    public const double PartialSecondTolerance = 0.1;

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
    /// The report's charts in <see cref="DisplayOrder"/>. The distribution needs the merged histogram and is left out
    /// without it; the percentile curve then falls back to the report's summary percentiles. With a
    /// <paramref name="baseline"/>, the time-series charts and the percentile curve overlay that run.
    /// </summary>
    public static IReadOnlyList<ReportChart> From(RunReport report, LatencyHistogram? merged = null, RunReport? baseline = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var charts = new List<ReportChart>
        {
            new(LatencyPercentilesFile, LatencyPercentiles(report, baseline)),
            new(ThroughputFile, Throughput(report, baseline)),
            new(VirtualUsersFile, VirtualUsers(report, baseline)),
        };
        if (Arrivals(report) is { } arrivals)
        {
            charts.Add(new(ArrivalsFile, arrivals));
        }

        if (merged is not null)
        {
            charts.Add(new(LatencyDistributionFile, LatencyDistribution(merged)));
        }

        charts.Add(new(LatencyPercentileCurveFile, LatencyPercentileCurve(report, merged, baseline)));
        charts.Add(new(RequestsP95File, RequestsP95(report)));
        return charts;
    }

    /// <summary>
    /// The seconds the time charts draw: those the run measured in full. A run ends a little way into its last
    /// second (its last requests completing after the load stopped, or an abort), and that second's count is not a
    /// rate: drawn, it would drag every series towards zero at the end. It is left out of the charts only; its
    /// requests count in every total, table and threshold. <see cref="PartialSecondTolerance"/> absorbs clock skew
    /// between the machines that timed the run's start and end.
    /// </summary>
    public static IReadOnlyList<SecondReport> WholeSeconds(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!(report.DurationSeconds > 0))
        {
            return report.PerSecond;
        }

        return report.PerSecond.Where(s => s.Second + 1 <= report.DurationSeconds + PartialSecondTolerance).ToList();
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

        var seconds = WholeSeconds(report);
        return new TimeSeriesChart(
            "Planned vs achieved arrivals",
            "Arrivals per second",
            [
                new ChartSeries("Planned", ChartPalette.PlannedRate, seconds.Select(s => new ChartPoint(s.Second, s.PlannedArrivals ?? 0)).ToList()) { IsTarget = true },
                new ChartSeries("Achieved", ChartPalette.AchievedRate, seconds.Select(s => new ChartPoint(s.Second, s.AchievedArrivals ?? 0)).ToList()),
                new ChartSeries("Dropped", ChartPalette.Failures, seconds.Select(s => new ChartPoint(s.Second, s.DroppedArrivals)).ToList()),
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
            WholeSeconds(report).Select(s => new ChartPoint(s.Second, s.Requests == 0 ? double.NaN : value(s))).ToList();

        return
        [
            new ChartSeries("p50", ChartPalette.Median, Points(report, s => s.P50Ms)),
            new ChartSeries("p95", ChartPalette.P95, Points(report, s => s.P95Ms)),
            new ChartSeries("p99", ChartPalette.P99, Points(report, s => s.P99Ms)),
        ];
    }

    private static List<ChartSeries> ThroughputSeries(RunReport report)
    {
        var seconds = WholeSeconds(report);
        return
        [
            new ChartSeries("Requests/s", ChartPalette.Requests, seconds.Select(s => new ChartPoint(s.Second, s.Rps)).ToList()),
            new ChartSeries("Failures/s", ChartPalette.Failures, seconds.Select(s => new ChartPoint(s.Second, s.Failures)).ToList()),
        ];
    }

    /// <summary>Active VUs, and the VUs the plan targets when it has constant-vus or ramping-vus scenarios.</summary>
    private static List<ChartSeries> VirtualUserSeries(RunReport report)
    {
        var seconds = WholeSeconds(report);
        var series = new List<ChartSeries>
        {
            new("Active VUs", ChartPalette.VirtualUsers, seconds.Select(s => new ChartPoint(s.Second, s.ActiveVus)).ToList()),
        };
        if (seconds.Any(s => s.PlannedVus is not null))
        {
            series.Add(new ChartSeries("Target VUs", ChartPalette.PlannedRate, seconds.Select(s => new ChartPoint(s.Second, s.PlannedVus ?? 0)).ToList()) { IsTarget = true });
        }

        return series;
    }
}
