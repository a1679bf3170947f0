using ServerlessLoad.Core.Schedules;

namespace ServerlessLoad.Core.Tests.Schedules;

public sealed class CatchUpDecisionTests
{
    private static readonly ScheduleTiming Nightly = new(CronExpression.Parse("0 0 2 * * *"), TimeZoneInfo.Utc);
    private static readonly DateTimeOffset Day = new(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Before_the_next_occurrence_nothing_is_due()
    {
        var decision = CatchUpDecision.Decide(Nightly, Day.AddDays(-1).AddHours(2), Day.AddHours(1), TimeSpan.FromHours(6));

        decision.ShouldBe(CatchUpDecision.Nothing);
    }

    [Fact]
    public void An_occurrence_just_passed_is_started()
    {
        var decision = CatchUpDecision.Decide(Nightly, Day.AddDays(-1).AddHours(2), Day.AddHours(2).AddSeconds(7), TimeSpan.FromHours(6));

        decision.Start.ShouldBe(Day.AddHours(2));
        decision.SkippedInWindow.ShouldBe(0);
        decision.OldestSkipped.ShouldBeNull();
    }

    [Fact]
    public void Of_several_missed_occurrences_in_the_window_only_the_latest_starts()
    {
        var hourly = new ScheduleTiming(CronExpression.Parse("0 0 * * * *"), TimeZoneInfo.Utc);

        var decision = CatchUpDecision.Decide(hourly, Day, Day.AddHours(4).AddMinutes(30), TimeSpan.FromHours(6));

        decision.Start.ShouldBe(Day.AddHours(4));
        decision.SkippedInWindow.ShouldBe(3);
    }

    [Fact]
    public void A_missed_occurrence_older_than_the_window_is_skipped_through_the_window_start()
    {
        var now = Day.AddHours(12);

        var decision = CatchUpDecision.Decide(Nightly, Day.AddDays(-1).AddHours(2), now, TimeSpan.FromHours(6));

        decision.Start.ShouldBeNull();
        decision.SkipThrough.ShouldBe(now.AddHours(-6));
        decision.OldestSkipped.ShouldBe(Day.AddHours(2));
    }

    [Fact]
    public void A_missed_occurrence_within_the_window_starts_and_reports_the_older_ones_skipped()
    {
        var hourly = new ScheduleTiming(CronExpression.Parse("0 0 * * * *"), TimeZoneInfo.Utc);

        var decision = CatchUpDecision.Decide(hourly, Day, Day.AddHours(10).AddMinutes(5), TimeSpan.FromHours(1));

        decision.Start.ShouldBe(Day.AddHours(10));
        decision.OldestSkipped.ShouldBe(Day.AddHours(1));
    }

    [Fact]
    public void A_zero_window_still_starts_an_occurrence_a_few_seconds_late()
    {
        var decision = CatchUpDecision.Decide(Nightly, Day, Day.AddHours(2).AddSeconds(10), TimeSpan.Zero);

        decision.Start.ShouldBe(Day.AddHours(2));
    }

    [Fact]
    public void Once_handled_an_occurrence_is_never_due_again()
    {
        var decision = CatchUpDecision.Decide(Nightly, Day.AddHours(2), Day.AddHours(3), TimeSpan.FromHours(6));

        decision.ShouldBe(CatchUpDecision.Nothing);
    }
}
