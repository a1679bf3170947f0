using ServerlessLoad.Reports.Charts;

namespace ServerlessLoad.Reports.Tests.Charts;

public class ChartSetTests
{
    [Fact]
    public void A_run_with_its_histogram_gets_every_chart_in_display_order_as_well_formed_svg()
    {
        var charts = ChartSet.From(ChartTestData.Report(300), ChartTestData.Histogram());

        charts.Select(c => c.File).ShouldBe(
        [
            "latency-percentiles.svg",
            "throughput.svg",
            "vus.svg",
            "latency-distribution.svg",
            "latency-percentile-curve.svg",
            "requests-p95.svg",
        ]);
        charts.Select(c => c.PngFile).ShouldContain("latency-percentiles.png");
        foreach (var chart in charts)
        {
            var svg = SvgChart.Of(chart.Definition);
            svg.Texts.ShouldContain(chart.Definition.Title, chart.File);
            svg.Texts.ShouldNotContain(ChartImage.NoDataMessage, chart.File);
        }
    }

    [Fact]
    public void Without_the_histogram_the_distribution_is_left_out()
    {
        var files = ChartSet.From(ChartTestData.Report(60)).Select(c => c.File).ToList();

        files.ShouldNotContain(ChartSet.LatencyDistributionFile);
        files.ShouldContain(ChartSet.LatencyPercentileCurveFile);
    }

    [Fact]
    public void Throughput_shows_requests_and_failures_per_second_with_failures_in_red()
    {
        var chart = ChartSet.Throughput(ChartTestData.Report(60));

        chart.Series.Select(s => s.Name).ShouldBe(["Requests/s", "Failures/s"]);
        chart.Series[1].Colour.ShouldBe(ChartPalette.Vermillion);
        chart.Series[1].Points.Count(p => p.Y == 1).ShouldBe(9);
    }

    [Fact]
    public void Virtual_users_follow_the_reported_active_vus()
    {
        var report = ChartTestData.Report(60);

        var chart = ChartSet.VirtualUsers(report);

        chart.Series.Single().Points.Select(p => p.Y).ShouldBe(report.PerSecond.Select(s => (double)s.ActiveVus));
    }

    [Fact]
    public void A_baseline_run_is_overlaid_on_every_time_series_chart_and_the_percentile_curve()
    {
        var charts = ChartSet.From(ChartTestData.Report(60), null, ChartTestData.Report(45, runId: "nightly-7"));

        foreach (var name in new[] { ChartSet.LatencyPercentilesFile, ChartSet.ThroughputFile, ChartSet.VirtualUsersFile, ChartSet.LatencyPercentileCurveFile })
        {
            var chart = charts.Single(c => c.File == name);
            SvgChart.Of(chart.Definition).Texts.ShouldContain("baseline nightly-7", name);
            using var probe = PlotProbe.Of(chart.Definition);
            probe.Lines.ShouldContain(l => l.LinePattern.Equals(ScottPlot.LinePattern.Dashed), name);
        }
    }

    [Fact]
    public void An_empty_run_gives_readable_charts_that_say_there_is_no_data()
    {
        var charts = ChartSet.From(ChartTestData.Report(0), new ServerlessLoad.Core.Histograms.LatencyHistogram());

        charts.Count.ShouldBe(6);
        foreach (var chart in charts)
        {
            SvgChart.Of(chart.Definition).Texts.ShouldContain(ChartImage.NoDataMessage, chart.File);
        }
    }

    [Fact]
    public void The_same_report_always_gives_the_same_svg()
    {
        static IEnumerable<string> Svgs() =>
            ChartSet.From(ChartTestData.Report(600), ChartTestData.Histogram(), ChartTestData.Report(500, runId: "run-0")).Select(c => ChartImage.Svg(c.Definition));

        Svgs().ShouldBe(Svgs());
    }

    [Fact]
    public void The_partial_last_second_is_left_out_of_the_time_charts_but_not_out_of_the_report()
    {
        // 15 s of load that ended 0.061 s into second 15: that second holds the last few responses only.
        var full = ChartTestData.Report(16);
        var report = full with { DurationSeconds = 15.061 };

        ChartSet.WholeSeconds(report).Select(s => s.Second).ShouldBe(Enumerable.Range(0, 15).Select(s => (long)s));
        foreach (var chart in new[] { ChartSet.LatencyPercentiles(report), ChartSet.Throughput(report), ChartSet.VirtualUsers(report) })
        {
            chart.Series.ShouldAllBe(s => s.Points.Count == 15 && s.Points.Max(p => p.X) == 14, chart.Title);
        }

        report.PerSecond.Count.ShouldBe(16);
    }

    [Theory]
    [InlineData(15.0, 15)]
    [InlineData(14.95, 15)]
    [InlineData(14.85, 14)]
    [InlineData(15.5, 15)]
    [InlineData(16.0, 16)]
    public void A_second_is_drawn_when_the_run_measured_it_whole(double duration, int drawn)
    {
        var report = ChartTestData.Report(16) with { DurationSeconds = duration };

        ChartSet.WholeSeconds(report).Count.ShouldBe(drawn);
    }

    [Fact]
    public void A_report_without_a_known_duration_draws_every_second()
    {
        var report = ChartTestData.Report(16) with { DurationSeconds = 0 };

        ChartSet.WholeSeconds(report).Count.ShouldBe(16);
    }
}
