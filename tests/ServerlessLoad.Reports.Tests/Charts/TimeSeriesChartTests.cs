using ScottPlot;
using ServerlessLoad.Reports.Charts;

namespace ServerlessLoad.Reports.Tests.Charts;

public class TimeSeriesChartTests
{
    private static TimeSeriesChart Latency(int seconds, RunReport? baseline = null, params long[] idle) =>
        ChartSet.LatencyPercentiles(ChartTestData.Report(seconds, idle: idle), baseline);

    [Fact]
    public void A_latency_chart_is_a_1200_by_600_svg_with_title_legend_and_axis_titles()
    {
        var chart = SvgChart.Of(Latency(120));

        chart.Root.Name.ShouldBe(SvgChart.Svg + "svg");
        ((string?)chart.Root.Attribute("width")).ShouldBe("1200");
        ((string?)chart.Root.Attribute("height")).ShouldBe("600");
        chart.Texts.ShouldContain("Latency percentiles over time");
        chart.Texts.ShouldContain("p50");
        chart.Texts.ShouldContain("p95");
        chart.Texts.ShouldContain("p99");
        chart.Texts.ShouldContain("Latency (ms)");
        chart.Texts.ShouldContain("Time since start (s)");
        chart.Root.Descendants(SvgChart.Svg + "text").ShouldAllBe(t => (string?)t.Attribute("font-family") == ChartFont.Family);
    }

    [Fact]
    public void The_value_axis_starts_at_zero_and_reaches_just_above_the_highest_value()
    {
        using var probe = PlotProbe.Of(Latency(120));

        var limits = probe.Plot.Axes.GetLimits();
        limits.Bottom.ShouldBe(0);
        // The middle second's p99 spikes to about 450 ms.
        limits.Top.ShouldBeInRange(450, 500);
    }

    [Fact]
    public void Each_series_draws_every_second_of_a_short_run_in_the_middle_of_its_second()
    {
        using var probe = PlotProbe.Of(Latency(120));

        probe.Lines.Count.ShouldBe(3);
        probe.Lines.ShouldAllBe(l => PlotProbe.Measured(l) == 120);
        PlotProbe.Points(probe.Lines[0])[0].X.ShouldBe(0.5);
        PlotProbe.Points(probe.Lines[0])[^1].X.ShouldBe(119.5);
    }

    [Fact]
    public void A_day_of_seconds_is_drawn_with_at_most_1200_points_per_series_on_an_hours_axis()
    {
        using var probe = PlotProbe.Of(Latency(86_400));

        probe.Lines.ShouldAllBe(l => PlotProbe.Points(l).Count >= 600 && PlotProbe.Points(l).Count <= Downsampler.MaxPoints);
        probe.Plot.Axes.Bottom.Label.Text.ShouldBe("Time since start (h:mm)");
        PlotProbe.TickLabels(probe.Plot.Axes.Bottom).ShouldContain("12:00");
    }

    [Fact]
    public void Downsampling_keeps_the_spike_of_a_single_second_in_a_day()
    {
        using var probe = PlotProbe.Of(Latency(86_400));

        // Only the middle second's p99 reaches 450 ms.
        PlotProbe.Points(probe.Lines[2]).Max(p => p.Y).ShouldBeGreaterThan(450);
    }

    [Fact]
    public void A_short_run_shows_a_dot_on_every_measured_second_and_a_long_one_only_lines()
    {
        using var single = PlotProbe.Of(Latency(1));
        using var day = PlotProbe.Of(Latency(86_400));

        single.Lines.ShouldAllBe(l => l.MarkerShape == MarkerShape.FilledCircle && l.MarkerSize > 0);
        PlotProbe.Points(single.Lines[1]).ShouldBe([new Coordinates(0.5, ChartTestData.Report(1).PerSecond[0].P95Ms)]);
        day.Lines.ShouldAllBe(l => l.MarkerSize == 0);
    }

    [Fact]
    public void Seconds_without_requests_break_the_latency_lines_instead_of_dropping_to_zero()
    {
        using var probe = PlotProbe.Of(Latency(60, null, 30, 31));

        var p50 = PlotProbe.Points(probe.Lines[0]);
        p50.Count(p => double.IsNaN(p.Y)).ShouldBe(2);
        p50.Where(p => !double.IsNaN(p.Y)).ShouldAllBe(p => p.Y > 0);
    }

    [Fact]
    public void A_run_without_seconds_shows_the_no_data_message()
    {
        SvgChart.Of(Latency(0)).Texts.ShouldContain(ChartImage.NoDataMessage);
        using var probe = PlotProbe.Of(Latency(0));
        probe.Lines.ShouldBeEmpty();
    }

    [Fact]
    public void A_baseline_is_drawn_dashed_and_lighter_behind_the_run_and_labelled_with_its_run_id()
    {
        using var probe = PlotProbe.Of(Latency(120, ChartTestData.Report(90, runId: "run-0")));

        probe.LegendLabels.ShouldBe(["p50", "p95", "p99", "baseline run-0"]);
        var (baseline, current) = (probe.Lines.Take(3).ToList(), probe.Lines.Skip(3).ToList());
        baseline.ShouldAllBe(l => l.LinePattern.Equals(LinePattern.Dashed) && l.LineColor.A < 255 && PlotProbe.Measured(l) == 90);
        current.ShouldAllBe(l => l.LinePattern.Equals(LinePattern.Solid) && l.LineColor.A == 255 && PlotProbe.Measured(l) == 120);
        SvgChart.Of(Latency(120, ChartTestData.Report(90, runId: "run-0"))).Texts.ShouldContain("baseline run-0");
    }

    [Fact]
    public void A_series_on_the_secondary_axis_gets_its_own_scale_on_the_right()
    {
        var vus = ChartSet.VirtualUsers(ChartTestData.Report(60));
        var withRate = vus with
        {
            Series = [.. vus.Series, new ChartSeries("Achieved arrivals/s", ChartPalette.AchievedRate, Enumerable.Range(0, 60).Select(s => new ChartPoint(s, 1000 + s)).ToList()) { Axis = ValueAxis.Secondary }],
        };

        using var probe = PlotProbe.Of(withRate);

        probe.LegendLabels.ShouldContain("Achieved arrivals/s (right axis)");
        probe.Plot.Axes.Right.Label.Text.ShouldBe("Arrivals per second");
        PlotProbe.Points(probe.Lines.Where(l => l.Axes.YAxis == probe.Plot.Axes.Right).ShouldHaveSingleItem()).Max(p => p.Y).ShouldBe(1059);
        probe.Plot.Axes.Right.Range.Max.ShouldBeGreaterThan(1059);
        probe.Plot.Axes.Left.Range.Max.ShouldBeLessThan(100);
    }

    [Fact]
    public void Target_vus_are_a_wide_light_band_behind_the_active_vus_which_stay_on_top()
    {
        var report = ChartTestData.Report(60);
        var planned = report with { PerSecond = report.PerSecond.Select(s => s with { PlannedVus = s.ActiveVus }).ToList() };

        using var probe = PlotProbe.Of(ChartSet.VirtualUsers(planned));

        probe.LegendLabels.ShouldBe(["Active VUs", "Target VUs"]);
        var (target, active) = (probe.Lines[0], probe.Lines[1]);
        target.LineWidth.ShouldBeGreaterThan(active.LineWidth * 2);
        target.LineColor.A.ShouldBeLessThan((byte)255);
        active.LineColor.ShouldBe(Color.FromHex(ChartPalette.VirtualUsers));
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
        var labels = SvgChart.Of(ChartSet.Throughput(ChartTestData.Report(seconds))).BottomTicks();

        labels.Count.ShouldBeGreaterThanOrEqualTo(2);
        for (var i = 1; i < labels.Count; i++)
        {
            labels[i].Left.ShouldBeGreaterThan(labels[i - 1].Right, $"{labels[i - 1].Text} and {labels[i].Text} overlap");
        }

        labels[^1].Right.ShouldBeLessThanOrEqualTo(ChartImage.Width);
    }

    [Fact]
    public void Drawing_the_same_chart_twice_gives_the_same_bytes()
    {
        var report = ChartTestData.Report(3_600);

        ChartImage.Svg(ChartSet.Throughput(report)).ShouldBe(ChartImage.Svg(ChartSet.Throughput(report)));
        ChartImage.Png(ChartSet.Throughput(report)).ShouldBe(ChartImage.Png(ChartSet.Throughput(report)));
    }

    [Fact]
    public void Names_are_escaped_and_characters_xml_cannot_hold_are_replaced()
    {
        var name = "<b>&\"quoted\"' \u0001 \ud800";
        var chart = new TimeSeriesChart("Title <&>", "Axis \"ms\"", [new ChartSeries(name, ChartPalette.Blue, [new ChartPoint(0, 1)])]);

        var parsed = SvgChart.Of(chart);

        parsed.Texts.ShouldContain("Title <&>");
        parsed.Texts.ShouldContain("<b>&\"quoted\"' \ufffd \ufffd");
        parsed.Texts.ShouldContain("Axis \"ms\"");
    }
}
