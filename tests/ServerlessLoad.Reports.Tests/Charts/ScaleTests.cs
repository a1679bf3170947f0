using ServerlessLoad.Reports.Charts;

namespace ServerlessLoad.Reports.Tests.Charts;

public class ScaleTests
{
    [Theory]
    [InlineData(0, 97, 8, 0, 100, 20)]
    [InlineData(0, 1, 8, 0, 1, 0.2)]
    [InlineData(0, 0.037, 8, 0, 0.04, 0.005)]
    [InlineData(0, 86_400, 10, 0, 90_000, 10_000)]
    [InlineData(-3, 7, 5, -5, 10, 5)]
    public void Linear_scales_use_one_two_five_steps_and_round_bounds(double min, double max, int maxTicks, double low, double high, double step)
    {
        var scale = LinearScale.Nice(min, max, maxTicks);

        scale.Min.ShouldBe(low, 1e-9);
        scale.Max.ShouldBe(high, 1e-9);
        scale.Step.ShouldBe(step, 1e-12);
        scale.Ticks.Count.ShouldBeLessThanOrEqualTo(maxTicks + 1);
    }

    [Fact]
    public void A_flat_or_empty_range_still_makes_a_usable_scale()
    {
        var scale = LinearScale.Nice(0, 0, 8);

        scale.Max.ShouldBeGreaterThan(scale.Min);
    }

    [Fact]
    public void Linear_labels_have_just_the_decimals_the_step_needs_and_suffixes_for_large_values()
    {
        LinearScale.Nice(0, 0.037, 8).Ticks.Select(LinearScale.Nice(0, 0.037, 8).Label).ShouldBe(["0", "0.005", "0.010", "0.015", "0.020", "0.025", "0.030", "0.035", "0.040"]);
        var large = LinearScale.Nice(0, 86_400, 10);
        large.Label(20_000).ShouldBe("20k");
        var huge = LinearScale.Nice(0, 25_000_000, 5);
        huge.Label(10_000_000).ShouldBe("10M");
    }

    [Theory]
    [InlineData(1, "Time since start (s)", "0|1")]
    [InlineData(60, "Time since start (s)", "0|5|10|15|20|25|30|35|40|45|50|55|60")]
    [InlineData(600, "Time since start (m:ss)", "0:00|1:00|2:00|3:00|4:00|5:00|6:00|7:00|8:00|9:00|10:00")]
    [InlineData(86_400, "Time since start (h:mm)", "0:00|2:00|4:00|6:00|8:00|10:00|12:00|14:00|16:00|18:00|20:00|22:00|24:00")]
    public void Time_axes_tick_on_round_clock_values_in_a_format_that_suits_the_span(double span, string title, string labels)
    {
        var axis = TimeAxis.For(0, span, 1080, 13);

        axis.Title.ShouldBe(title);
        string.Join('|', axis.Ticks.Select(axis.Label)).ShouldBe(labels);
    }

    [Fact]
    public void Log_scales_extend_to_round_bounds_and_tick_at_one_two_five()
    {
        var scale = LogScale.Around(0.3, 40);

        scale.Min.ShouldBe(0.2);
        scale.Max.ShouldBe(50);
        scale.Ticks.Select(LogScale.Label).ShouldBe(["0.2", "0.5", "1", "2", "5", "10", "20", "50"]);
    }

    [Fact]
    public void Wide_log_scales_tick_only_at_powers_of_ten()
    {
        LogScale.Around(0.05, 60_000).Ticks.Select(LogScale.Label).ShouldBe(["0.1", "1", "10", "100", "1000", "10k", "100k"]);
    }

    [Fact]
    public void The_percentile_axis_gives_each_nine_the_same_room()
    {
        var axis = PercentileAxis.Covering(99.99);

        axis.Nines.ShouldBe(4);
        axis.Ticks.Select(PercentileAxis.Label).ShouldBe(["0%", "50%", "90%", "99%", "99.9%", "99.99%"]);
        (axis.Map(99.9, 0, 400) - axis.Map(99, 0, 400)).ShouldBe(axis.Map(99, 0, 400) - axis.Map(90, 0, 400), 1e-9);
    }

    [Fact]
    public void Long_text_is_shortened_with_an_ellipsis_to_fit()
    {
        var fitted = TextMetrics.Fit(new string('x', 200), 13, 100);

        fitted.ShouldEndWith("…");
        TextMetrics.Width(fitted, 13).ShouldBeLessThanOrEqualTo(100);
        TextMetrics.Fit("short", 13, 100).ShouldBe("short");
    }
}
