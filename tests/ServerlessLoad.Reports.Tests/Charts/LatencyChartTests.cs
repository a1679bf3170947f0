using ServerlessLoad.Core.Histograms;
using ServerlessLoad.Reports.Charts;

namespace ServerlessLoad.Reports.Tests.Charts;

public class LatencyChartTests
{
    [Fact]
    public void Log_bins_hold_every_recorded_value_once()
    {
        var histogram = ChartTestData.Histogram();

        var bins = LatencyCharts.LogBins(histogram);

        bins.Sum(b => b.Count).ShouldBe(histogram.TotalCount);
        bins.Count.ShouldBeInRange(20, 120);
        for (var i = 1; i < bins.Count; i++)
        {
            bins[i].Low.ShouldBe(bins[i - 1].High, 1e-9);
            (bins[i].High / bins[i].Low).ShouldBe(bins[0].High / bins[0].Low, 1e-6);
        }
    }

    [Fact]
    public void A_value_falls_into_the_bin_that_spans_it()
    {
        var histogram = new LatencyHistogram();
        histogram.RecordMicros(1_500, 3);
        histogram.RecordMicros(30_000, 1);

        var bins = LatencyCharts.LogBins(histogram);

        bins.Single(b => b.Low <= 1.5 && 1.5 < b.High).Count.ShouldBe(3);
        bins.Single(b => b.Low <= 30 && 30 < b.High).Count.ShouldBe(1);
    }

    [Fact]
    public void The_distribution_chart_has_bars_axis_titles_and_percentile_markers_named_in_the_legend()
    {
        var histogram = ChartTestData.Histogram();
        var chart = ChartSet.LatencyDistribution(histogram);
        using var probe = PlotProbe.Of(chart);

        probe.Plot.Axes.Title.Label.Text.ShouldBe("Latency distribution");
        probe.Plot.Axes.Bottom.Label.Text.ShouldBe("Latency (ms, log scale)");
        probe.Plot.Axes.Left.Label.Text.ShouldBe("Requests");
        var bars = probe.Plot.GetPlottables<ScottPlot.Plottables.BarPlot>().Single().Bars;
        bars.Count.ShouldBe(LatencyCharts.LogBins(histogram).Count(b => b.Count > 0));
        bars.Sum(b => b.Value).ShouldBe(histogram.TotalCount);
        var p99 = histogram.ValueAtPercentile(99) / 1000.0;
        probe.LegendLabels.ShouldBe(["Requests", "p50 " + LatencyCharts.Milliseconds(histogram.ValueAtPercentile(50) / 1000.0), "p95 " + LatencyCharts.Milliseconds(histogram.ValueAtPercentile(95) / 1000.0), "p99 " + LatencyCharts.Milliseconds(p99), "max " + LatencyCharts.Milliseconds(histogram.MaxMicros / 1000.0)]);
        var lines = probe.Plot.GetPlottables<ScottPlot.Plottables.VerticalLine>().ToList();
        lines.Count.ShouldBe(4);
        lines.ShouldContain(l => Math.Abs(l.X - Math.Log10(p99)) < 1e-9);
        SvgChart.Of(chart).Texts.ShouldContain("p99 " + LatencyCharts.Milliseconds(p99));
    }

    [Fact]
    public void The_distribution_axis_is_logarithmic_with_round_labels()
    {
        using var probe = PlotProbe.Of(ChartSet.LatencyDistribution(ChartTestData.Histogram()));

        var ticks = probe.Plot.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor).OrderBy(t => t.Position).ToList();
        ticks.Select(t => t.Label).ShouldContain("10");
        ticks.Select(t => t.Label).ShouldContain("100");
        ticks.ShouldAllBe(t => Math.Abs(Math.Pow(10, t.Position) - double.Parse(t.Label.TrimEnd('k'), System.Globalization.CultureInfo.InvariantCulture) * (t.Label.EndsWith('k') ? 1000 : 1)) < 1e-6);
    }

    [Fact]
    public void An_empty_histogram_shows_the_no_data_message()
    {
        SvgChart.Of(ChartSet.LatencyDistribution(new LatencyHistogram())).Texts.ShouldContain(ChartImage.NoDataMessage);
    }

    [Fact]
    public void The_percentile_curve_reaches_as_many_nines_as_the_samples_support()
    {
        var histogram = ChartTestData.Histogram();

        var points = LatencyCharts.PercentileCurve(histogram);

        points[0].X.ShouldBe(0);
        points[^1].X.ShouldBe(99.99, 1e-9);
        points[^1].Y.ShouldBe(histogram.ValueAtPercentile(99.99) / 1000.0);
        points.Select(p => p.Y).ShouldBeInOrder(SortDirection.Ascending);
    }

    [Fact]
    public void The_percentile_curve_chart_labels_its_nines_and_overlays_a_baseline()
    {
        var report = ChartTestData.Report(60);
        var baseline = ChartTestData.Report(60, runId: "run-0");
        var chart = ChartSet.LatencyPercentileCurve(report, ChartTestData.Histogram(), baseline);
        using var probe = PlotProbe.Of(chart);

        probe.Plot.Axes.Title.Label.Text.ShouldBe("Latency by percentile");
        PlotProbe.TickLabels(probe.Plot.Axes.Bottom).ShouldBe(["0%", "50%", "90%", "99%", "99.9%", "99.99%"]);
        probe.LegendLabels.ShouldBe(["run run-1", "baseline run-0"]);
        PlotProbe.Points(probe.Lines[0]).Count.ShouldBe(7);
        probe.Lines[0].LinePattern.ShouldBe(ScottPlot.LinePattern.Dashed);
        PlotProbe.Points(probe.Lines[1]).Count.ShouldBe(201);
        PlotProbe.Points(probe.Lines[1])[^1].X.ShouldBe(PercentileAxis.Position(99.99), 1e-9);
        SvgChart.Of(chart).Texts.ShouldContain("99.99%");
    }

    [Fact]
    public void Without_the_histogram_the_curve_uses_the_reported_percentiles()
    {
        var report = ChartTestData.Report(60);

        var chart = ChartSet.LatencyPercentileCurve(report);

        chart.Series.Single().Points.ShouldContain(new ChartPoint(99, report.Totals.LatencyMs.P99));
        chart.Series.Single().Points.Count.ShouldBe(7);
    }
}
