using ServerlessLoad.Reports.Charts;

namespace ServerlessLoad.Reports.Tests.Charts;

public class ScaleTests
{
    [Theory]
    [InlineData(1, "Time since start (s)", "0|1")]
    [InlineData(60, "Time since start (s)", "0|5|10|15|20|25|30|35|40|45|50|55|60")]
    [InlineData(600, "Time since start (m:ss)", "0:00|1:00|2:00|3:00|4:00|5:00|6:00|7:00|8:00|9:00|10:00")]
    [InlineData(86_400, "Time since start (h:mm)", "0:00|2:00|4:00|6:00|8:00|10:00|12:00|14:00|16:00|18:00|20:00|22:00|24:00")]
    public void Time_axes_tick_on_round_clock_values_in_a_format_that_suits_the_span(double span, string title, string labels)
    {
        var axis = TimeAxis.For(0, span, 1040, 13);

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
        (PercentileAxis.Position(99.9) - PercentileAxis.Position(99)).ShouldBe(PercentileAxis.Position(99) - PercentileAxis.Position(90), 1e-9);
        PercentileAxis.Position(99.99).ShouldBe(4, 1e-9);
    }
}
