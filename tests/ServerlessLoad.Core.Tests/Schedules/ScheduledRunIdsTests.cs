using ServerlessLoad.Core.Schedules;

namespace ServerlessLoad.Core.Tests.Schedules;

public sealed class ScheduledRunIdsTests
{
    private static readonly DateTimeOffset Occurrence = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_same_occurrence_always_gets_the_same_sortable_run_id()
    {
        var id = ScheduledRunIds.For("nightly", Occurrence);

        id.ShouldBe(ScheduledRunIds.For("nightly", Occurrence.ToOffset(TimeSpan.FromHours(1))));
        id.ShouldStartWith("20261123-020000-");
        id.Length.ShouldBe("20261123-020000-".Length + 8);
    }

    [Fact]
    public void Other_schedules_and_occurrences_get_other_ids()
    {
        var id = ScheduledRunIds.For("nightly", Occurrence);

        ScheduledRunIds.For("hourly", Occurrence).ShouldNotBe(id);
        ScheduledRunIds.For("nightly", Occurrence.AddDays(1)).ShouldNotBe(id);
    }
}
