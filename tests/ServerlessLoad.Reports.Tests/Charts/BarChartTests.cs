using ServerlessLoad.Reports.Charts;

namespace ServerlessLoad.Reports.Tests.Charts;

public class BarChartTests
{
    [Fact]
    public void Requests_are_drawn_slowest_first_with_their_p95_at_the_bar_end()
    {
        var chart = SvgChart.Parse(ChartRenderer.Render(ChartSet.RequestsP95(ChartTestData.Report(60))));

        chart.Title.ShouldBe("p95 latency by request");
        chart.Texts.ShouldContain("p95 latency (ms)");
        chart.Groups("bar").Select(g => (string?)g.Attribute("data-series")).ShouldBe(["checkout", "search", "home"]);
        chart.Series("checkout", "bar").Elements(SvgChart.Svg + "text").Select(t => t.Value).ShouldBe(["checkout", "118.5 ms"]);
    }

    [Fact]
    public void Many_requests_keep_the_slowest_and_say_so_in_the_title()
    {
        var bars = Enumerable.Range(1, 40).Select(i => new Bar($"request-{i:00}", i)).ToList();

        var chart = SvgChart.Parse(ChartRenderer.Render(new BarChart("p95", "ms", bars)));

        chart.Title.ShouldBe("p95 (top 25 of 40)");
        chart.Groups("bar").Count.ShouldBe(25);
        chart.Groups("bar")[0].Attribute("data-series")!.Value.ShouldBe("request-40");
    }

    [Fact]
    public void Long_names_are_shortened_so_they_leave_room_for_the_bars()
    {
        var chart = SvgChart.Parse(ChartRenderer.Render(new BarChart("p95", "ms", [new Bar(new string('n', 300), 5)])));

        var label = chart.Groups("bar").Single().Elements(SvgChart.Svg + "text").First().Value;
        label.ShouldEndWith("…");
        label.Length.ShouldBeLessThan(300);
    }

    [Fact]
    public void A_run_without_requests_shows_the_no_data_message()
    {
        var chart = SvgChart.Parse(ChartRenderer.Render(ChartSet.RequestsP95(ChartTestData.Report(0))));

        chart.Texts.ShouldContain(ChartRenderer.NoDataMessage);
    }
}
