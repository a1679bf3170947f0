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
    public void The_distribution_chart_has_bars_axis_titles_and_percentile_markers()
    {
        var histogram = ChartTestData.Histogram();

        var chart = SvgChart.Parse(ChartRenderer.Render(ChartSet.LatencyDistribution(histogram)));

        chart.Title.ShouldBe("Latency distribution");
        chart.Texts.ShouldContain("Latency (ms, log scale)");
        chart.Texts.ShouldContain("Requests");
        chart.Groups("bars").Single().Elements(SvgChart.Svg + "rect").Count().ShouldBe(LatencyCharts.LogBins(histogram).Count(b => b.Count > 0));
        var p99 = LatencyCharts.Milliseconds(histogram.ValueAtPercentile(99) / 1000.0);
        chart.Texts.ShouldContain("p99 " + p99);
        chart.Groups("marker").Count.ShouldBe(4);
    }

    [Fact]
    public void Marker_labels_never_overlap_even_when_percentiles_are_close()
    {
        var histogram = new LatencyHistogram();
        histogram.RecordMicros(10_000, 1_000);
        histogram.RecordMicros(10_400, 1);

        var chart = SvgChart.Parse(ChartRenderer.Render(ChartSet.LatencyDistribution(histogram)));

        var labels = chart.Groups("marker")
            .SelectMany(g => g.Elements(SvgChart.Svg + "text"))
            .Select(t =>
            {
                var width = TextMetrics.Width(t.Value, SvgChart.Number(t, "font-size"));
                var x = SvgChart.Number(t, "x");
                var left = (string?)t.Attribute("text-anchor") == "end" ? x - width : x;
                return (Left: left, Right: left + width, Y: SvgChart.Number(t, "y"));
            })
            .ToList();
        labels.Count.ShouldBe(4);
        foreach (var a in labels)
        {
            foreach (var b in labels.Where(b => b != a && b.Y == a.Y))
            {
                (a.Right < b.Left || b.Right < a.Left).ShouldBeTrue();
            }
        }
    }

    [Fact]
    public void An_empty_histogram_shows_the_no_data_message()
    {
        var chart = SvgChart.Parse(ChartRenderer.Render(ChartSet.LatencyDistribution(new LatencyHistogram())));

        chart.Texts.ShouldContain(ChartRenderer.NoDataMessage);
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

        var chart = SvgChart.Parse(ChartRenderer.Render(ChartSet.LatencyPercentileCurve(report, ChartTestData.Histogram(), baseline)));

        chart.Title.ShouldBe("Latency by percentile");
        chart.AxisLabels("x").Select(l => l.Text).ShouldBe(["0%", "50%", "90%", "99%", "99.9%", "99.99%"]);
        chart.Texts.ShouldContain("baseline run-0");
        chart.LinePoints("run run-1").ShouldBe(201);
        chart.LinePoints("run run-0", "baseline").ShouldBe(7);
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
