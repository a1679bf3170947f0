using ServerlessLoad.Reports.Charts;

namespace ServerlessLoad.Reports.Tests.Charts;

public class TimeSeriesChartTests
{
    private static SvgChart Latency(int seconds, RunReport? baseline = null, params long[] idle) =>
        SvgChart.Parse(ChartRenderer.Render(ChartSet.LatencyPercentiles(ChartTestData.Report(seconds, idle: idle), baseline)));

    [Fact]
    public void A_latency_chart_is_a_1200_by_600_svg_with_title_legend_and_axis_titles()
    {
        var chart = Latency(120);

        chart.Root.Name.ShouldBe(SvgChart.Svg + "svg");
        ((string?)chart.Root.Attribute("viewBox")).ShouldBe("0 0 1200 600");
        chart.Title.ShouldBe("Latency percentiles over time");
        chart.Texts.ShouldContain("Latency percentiles over time");
        chart.Texts.ShouldContain("p50");
        chart.Texts.ShouldContain("p95");
        chart.Texts.ShouldContain("p99");
        chart.Texts.ShouldContain("Latency (ms)");
        chart.Texts.ShouldContain("Time since start (s)");
        ((string?)chart.Root.Attribute("font-family")).ShouldEndWith("sans-serif");
    }

    [Fact]
    public void Value_ticks_step_by_one_two_or_five_times_a_power_of_ten()
    {
        var labels = Latency(120).AxisLabels("y").Select(l => double.Parse(l.Text, System.Globalization.CultureInfo.InvariantCulture)).ToList();

        labels.ShouldBe([0, 100, 200, 300, 400, 500]);
    }

    [Fact]
    public void Each_series_draws_every_second_of_a_short_run()
    {
        var chart = Latency(120);

        chart.LinePoints("p50").ShouldBe(120);
        chart.LinePoints("p99").ShouldBe(120);
    }

    [Fact]
    public void A_day_of_seconds_is_drawn_with_at_most_1200_points_per_series_on_an_hours_axis()
    {
        var chart = Latency(86_400);

        foreach (var series in new[] { "p50", "p95", "p99" })
        {
            chart.LinePoints(series).ShouldBeInRange(600, Downsampler.MaxPoints);
        }

        chart.Texts.ShouldContain("Time since start (h:mm)");
        chart.AxisLabels("x").Select(l => l.Text).ShouldContain("12:00");
    }

    [Fact]
    public void Downsampling_keeps_the_spike_of_a_single_second_in_a_day()
    {
        var chart = Latency(86_400);

        // Only the middle second's p99 reaches 450 ms; the scale is made from the drawn points, so it reaches 500
        // only if that second survived the reduction.
        chart.AxisLabels("y").Select(l => l.Text).Last().ShouldBe("500");
    }

    [Fact]
    public void A_single_second_is_drawn_as_dots_in_the_middle_of_its_second()
    {
        var chart = Latency(1);

        chart.Texts.ShouldNotContain(ChartRenderer.NoDataMessage);
        var dots = chart.Series("p95").Elements(SvgChart.Svg + "circle").ToList();
        dots.ShouldNotBeEmpty();
        var zero = chart.AxisLabels("x").Single(l => l.Text == "0");
        var one = chart.AxisLabels("x").Single(l => l.Text == "1");
        SvgChart.Number(dots[0], "cx").ShouldBe(((zero.Left + zero.Right) / 2 + (one.Left + one.Right) / 2) / 2, 1);
    }

    [Fact]
    public void Seconds_without_requests_break_the_latency_lines_instead_of_dropping_to_zero()
    {
        var chart = Latency(60, null, 30, 31);

        chart.Series("p50").Elements(SvgChart.Svg + "polyline").Count().ShouldBe(2);
        chart.LinePoints("p50").ShouldBe(58);
    }

    [Fact]
    public void A_run_without_seconds_shows_the_no_data_message()
    {
        var chart = Latency(0);

        chart.Texts.ShouldContain(ChartRenderer.NoDataMessage);
        chart.Root.Descendants(SvgChart.Svg + "polyline").ShouldBeEmpty();
    }

    [Fact]
    public void A_baseline_is_drawn_dashed_behind_the_run_and_labelled_with_its_run_id()
    {
        var chart = Latency(120, ChartTestData.Report(90, runId: "run-0"));

        chart.Texts.ShouldContain("baseline run-0");
        var baseline = chart.Series("p95", "baseline");
        baseline.Elements(SvgChart.Svg + "polyline").ShouldAllBe(p => (string?)p.Attribute("stroke-dasharray") != null && (string?)p.Attribute("stroke-opacity") != null);
        chart.LinePoints("p95", "baseline").ShouldBe(90);
        chart.Series("p95").Elements(SvgChart.Svg + "polyline").ShouldAllBe(p => p.Attribute("stroke-dasharray") == null);
    }

    [Fact]
    public void A_series_on_the_secondary_axis_gets_its_own_scale_on_the_right()
    {
        var vus = ChartSet.VirtualUsers(ChartTestData.Report(60));
        var withRate = vus with
        {
            Series = [.. vus.Series, new ChartSeries("Achieved arrivals/s", ChartPalette.AchievedRate, Enumerable.Range(0, 60).Select(s => new ChartPoint(s, 1000 + s)).ToList()) { Axis = ValueAxis.Secondary }],
        };

        var chart = SvgChart.Parse(ChartRenderer.Render(withRate));

        chart.Texts.ShouldContain("Achieved arrivals/s (right axis)");
        chart.Texts.ShouldContain("Arrivals per second");
        chart.AxisLabels("y2").Select(l => l.Text).ShouldContain("1000");
        chart.AxisLabels("y").Select(l => l.Text).ShouldNotContain("1000");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(59)]
    [InlineData(181)]
    [InlineData(3_599)]
    [InlineData(10_801)]
    [InlineData(86_400)]
    [InlineData(172_800)]
    public void Time_labels_never_overlap_whatever_the_span(int seconds)
    {
        var chart = SvgChart.Parse(ChartRenderer.Render(ChartSet.Throughput(ChartTestData.Report(seconds))));

        var labels = chart.AxisLabels("x").OrderBy(l => l.Left).ToList();
        labels.Count.ShouldBeGreaterThanOrEqualTo(2);
        for (var i = 1; i < labels.Count; i++)
        {
            labels[i].Left.ShouldBeGreaterThan(labels[i - 1].Right, $"{labels[i - 1].Text} and {labels[i].Text} overlap");
        }
    }

    [Fact]
    public void Many_series_wrap_the_legend_onto_more_rows_and_push_the_plot_down()
    {
        var series = Enumerable.Range(0, 12)
            .Select(i => new ChartSeries($"a rather long series name number {i}", ChartPalette.Blue, [new ChartPoint(0, i), new ChartPoint(1, i + 1)]))
            .ToList();

        var chart = SvgChart.Parse(ChartRenderer.Render(new TimeSeriesChart("Many", "Value", series)));

        chart.Texts.Count(t => t.StartsWith("a rather long", StringComparison.Ordinal)).ShouldBe(12);
        var topTick = chart.AxisLabels("y").Min(l => l.Y);
        topTick.ShouldBeGreaterThan(62 + 22 * 2);
    }

    [Fact]
    public void Rendering_the_same_chart_twice_gives_the_same_bytes()
    {
        var report = ChartTestData.Report(3_600);

        ChartRenderer.Render(ChartSet.Throughput(report)).ShouldBe(ChartRenderer.Render(ChartSet.Throughput(report)));
    }

    [Fact]
    public void Names_are_escaped_and_characters_xml_cannot_hold_are_replaced()
    {
        var name = "<b>&\"quoted\"' \u0001 \ud800";
        var chart = new TimeSeriesChart("Title <&>", "Axis \"ms\"", [new ChartSeries(name, ChartPalette.Blue, [new ChartPoint(0, 1)])]);

        var parsed = SvgChart.Parse(ChartRenderer.Render(chart));

        parsed.Title.ShouldBe("Title <&>");
        parsed.Texts.ShouldContain("<b>&\"quoted\"' \ufffd \ufffd");
        parsed.Texts.ShouldContain("Axis \"ms\"");
    }
}
