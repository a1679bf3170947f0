using ServerlessLoad.Core.Runs;

namespace ServerlessLoad.Core.Tests.Runs;

public class StartTimingTests
{
    [Theory]
    [InlineData(1, 250)]
    [InlineData(4, 250)]
    [InlineData(600, 600)]
    [InlineData(1000, 1000)]
    public void Waiting_runners_poll_every_quarter_second_and_a_big_run_reads_its_row_at_most_a_thousand_times_a_second(int slices, int periodMs)
    {
        var period = StartTiming.PollPeriod(slices);

        period.ShouldBe(TimeSpan.FromMilliseconds(periodMs));
        (slices / period.TotalSeconds).ShouldBeLessThanOrEqualTo(Math.Max(1000, 4.0 * Math.Min(slices, 250)));
    }

    [Fact]
    public void The_start_is_set_the_lead_time_ahead_and_never_less_than_a_poll_and_the_read_slack()
    {
        StartTiming.Margin(TimeSpan.FromSeconds(1), 4).ShouldBe(TimeSpan.FromSeconds(1));
        StartTiming.Margin(TimeSpan.FromSeconds(1), 1000).ShouldBe(TimeSpan.FromSeconds(1.5));
        StartTiming.Margin(TimeSpan.Zero, 4).ShouldBe(TimeSpan.FromSeconds(0.75));
        StartTiming.Margin(TimeSpan.FromSeconds(5), 1000).ShouldBe(TimeSpan.FromSeconds(5));
    }
}
