using ServerlessLoad.Reports.Charts;

namespace ServerlessLoad.Reports.Tests.Charts;

public class ChartSetTests
{
    [Fact]
    public void A_run_with_its_histogram_gets_every_chart_in_display_order_as_well_formed_svg()
    {
        var charts = ChartSet.From(ChartTestData.Report(300), ChartTestData.Histogram());

        charts.Keys.ShouldBe(
        [
            "latency-percentiles.svg",
            "throughput.svg",
            "vus.svg",
            "latency-distribution.svg",
            "latency-percentile-curve.svg",
            "requests-p95.svg",
        ]);
        foreach (var (name, svg) in charts)
        {
            var chart = SvgChart.Parse(svg);
            ((string?)chart.Root.Attribute("viewBox")).ShouldBe("0 0 1200 600", name);
            chart.Texts.ShouldNotContain(ChartRenderer.NoDataMessage, name);
        }
    }

    [Fact]
    public void Without_the_histogram_the_distribution_is_left_out()
    {
        var charts = ChartSet.From(ChartTestData.Report(60));

        charts.Keys.ShouldNotContain(ChartSet.LatencyDistributionFile);
        charts.Keys.ShouldContain(ChartSet.LatencyPercentileCurveFile);
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
    public void A_baseline_run_is_overlaid_on_every_time_series_chart()
    {
        var charts = ChartSet.From(ChartTestData.Report(60), null, ChartTestData.Report(45, runId: "nightly-7"));

        foreach (var name in new[] { ChartSet.LatencyPercentilesFile, ChartSet.ThroughputFile, ChartSet.VirtualUsersFile, ChartSet.LatencyPercentileCurveFile })
        {
            var chart = SvgChart.Parse(charts[name]);
            chart.Texts.ShouldContain("baseline nightly-7", name);
            chart.Groups("baseline").ShouldNotBeEmpty(name);
        }
    }

    [Fact]
    public void An_empty_run_gives_readable_charts_that_say_there_is_no_data()
    {
        var charts = ChartSet.From(ChartTestData.Report(0), new ServerlessLoad.Core.Histograms.LatencyHistogram());

        charts.Count.ShouldBe(6);
        foreach (var (name, svg) in charts)
        {
            SvgChart.Parse(svg).Texts.ShouldContain(ChartRenderer.NoDataMessage, name);
        }
    }

    [Fact]
    public void The_same_report_always_gives_the_same_bytes()
    {
        var first = ChartSet.From(ChartTestData.Report(600), ChartTestData.Histogram(), ChartTestData.Report(500, runId: "run-0"));
        var second = ChartSet.From(ChartTestData.Report(600), ChartTestData.Histogram(), ChartTestData.Report(500, runId: "run-0"));

        second.ShouldBe(first);
    }
}
