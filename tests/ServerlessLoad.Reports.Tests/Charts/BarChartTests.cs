using ServerlessLoad.Reports.Charts;

namespace ServerlessLoad.Reports.Tests.Charts;

public class BarChartTests
{
    private static IReadOnlyList<ScottPlot.Bar> Bars(PlotProbe probe) =>
        probe.Plot.GetPlottables<ScottPlot.Plottables.BarPlot>().Single().Bars.OrderByDescending(b => b.Position).ToList();

    [Fact]
    public void Requests_are_drawn_slowest_at_the_top_with_their_p95_at_the_bar_end()
    {
        var chart = ChartSet.RequestsP95(ChartTestData.Report(60));
        using var probe = PlotProbe.Of(chart);

        probe.Plot.Axes.Title.Label.Text.ShouldBe("p95 latency by request");
        probe.Plot.Axes.Bottom.Label.Text.ShouldBe("p95 latency (ms)");
        PlotProbe.TickLabels(probe.Plot.Axes.Left).Reverse().ShouldBe(["checkout", "search", "home"]);
        Bars(probe).Select(b => (b.Value, b.Label)).First().ShouldBe((118.5, "118.5 ms"));
        Bars(probe).ShouldAllBe(b => b.Orientation == ScottPlot.Orientation.Horizontal);
        SvgChart.Of(chart).Texts.ShouldContain("118.5 ms");
    }

    [Fact]
    public void Many_requests_keep_the_slowest_and_say_so_in_the_title()
    {
        var bars = Enumerable.Range(1, 40).Select(i => new Bar($"request-{i:00}", i)).ToList();

        using var probe = PlotProbe.Of(new BarChart("p95", "ms", bars));

        probe.Plot.Axes.Title.Label.Text.ShouldBe("p95 (top 25 of 40)");
        Bars(probe).Count.ShouldBe(25);
        Bars(probe)[0].Value.ShouldBe(40);
        PlotProbe.TickLabels(probe.Plot.Axes.Left)[^1].ShouldBe("request-40");
    }

    [Fact]
    public void Long_names_are_shortened_so_they_leave_room_for_the_bars()
    {
        using var probe = PlotProbe.Of(new BarChart("p95", "ms", [new Bar(new string('n', 300), 5)]));

        var label = PlotProbe.TickLabels(probe.Plot.Axes.Left).Single();
        label.ShouldEndWith("…");
        label.Length.ShouldBe(BarChartPlot.MaxLabelLength);
    }

    [Fact]
    public void A_run_without_requests_shows_the_no_data_message()
    {
        SvgChart.Of(ChartSet.RequestsP95(ChartTestData.Report(0))).Texts.ShouldContain(ChartImage.NoDataMessage);
    }
}
