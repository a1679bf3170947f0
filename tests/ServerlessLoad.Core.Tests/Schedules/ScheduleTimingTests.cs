using ServerlessLoad.Core.Schedules;

namespace ServerlessLoad.Core.Tests.Schedules;

public sealed class ScheduleTimingTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static ScheduleTiming Timing(string cron, TimeZoneInfo? zone = null) => new(CronExpression.Parse(cron), zone ?? TimeZoneInfo.Utc);

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text + "Z", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A_nightly_utc_schedule_fires_once_a_day_at_two()
    {
        var occurrences = Timing("0 0 2 * * *").Occurrences(Utc("2026-01-01T00:00:00"), Utc("2026-01-04T00:00:00")).ToList();

        occurrences.ShouldBe([Utc("2026-01-01T02:00:00"), Utc("2026-01-02T02:00:00"), Utc("2026-01-03T02:00:00")]);
    }

    [Fact]
    public void The_range_excludes_its_start_and_includes_its_end()
    {
        var timing = Timing("0 0 2 * * *");

        timing.Occurrences(Utc("2026-01-01T02:00:00"), Utc("2026-01-02T02:00:00")).ShouldBe([Utc("2026-01-02T02:00:00")]);
        timing.Occurrences(Utc("2026-01-02T02:00:00"), Utc("2026-01-02T02:00:00")).ShouldBeEmpty();
    }

    [Fact]
    public void Every_ten_seconds_fires_six_times_a_minute()
    {
        var occurrences = Timing("*/10 * * * * *").Occurrences(Utc("2026-01-01T00:00:00"), Utc("2026-01-01T00:01:00")).ToList();

        occurrences.Count.ShouldBe(6);
        occurrences[0].ShouldBe(Utc("2026-01-01T00:00:10"));
        occurrences[^1].ShouldBe(Utc("2026-01-01T00:01:00"));
    }

    [Fact]
    public void A_zone_schedule_fires_at_local_wall_clock_time()
    {
        var occurrences = Timing("0 0 2 * * *", Paris).Occurrences(Utc("2026-01-10T00:00:00"), Utc("2026-07-11T00:00:00")).ToList();

        occurrences[0].ShouldBe(Utc("2026-01-10T01:00:00"));
        occurrences[^1].ShouldBe(Utc("2026-07-11T00:00:00"));
    }

    [Fact]
    public void A_time_the_clocks_skip_fires_once_at_the_jump()
    {
        // 2025-03-30 in Paris: 02:00 CET becomes 03:00 CEST at 01:00 UTC, so 02:30 never happens that night.
        var occurrences = Timing("0 30 2 * * *", Paris).Occurrences(Utc("2025-03-28T12:00:00"), Utc("2025-04-01T12:00:00")).ToList();

        occurrences.ShouldBe([Utc("2025-03-29T01:30:00"), Utc("2025-03-30T01:00:00"), Utc("2025-03-31T00:30:00"), Utc("2025-04-01T00:30:00")]);
    }

    [Fact]
    public void A_time_the_clocks_repeat_fires_once_when_its_hour_is_pinned()
    {
        // 2025-10-26 in Paris: 03:00 CEST becomes 02:00 CET at 01:00 UTC, so 02:30 happens twice.
        var occurrences = Timing("0 30 2 * * *", Paris).Occurrences(Utc("2025-10-24T12:00:00"), Utc("2025-10-27T12:00:00")).ToList();

        occurrences.ShouldBe([Utc("2025-10-25T00:30:00"), Utc("2025-10-26T00:30:00"), Utc("2025-10-27T01:30:00")]);
    }

    [Fact]
    public void An_hourly_schedule_fires_twenty_five_times_on_the_long_day_and_twenty_three_on_the_short_one()
    {
        var hourly = Timing("0 0 * * * *", Paris);

        // Local days: 2025-10-26 00:00 CEST = 10-25 22:00 UTC to 10-27 00:00 CET = 10-26 23:00 UTC.
        var longDay = hourly.Occurrences(Utc("2025-10-25T21:59:59"), Utc("2025-10-26T22:59:59")).ToList();
        var shortDay = hourly.Occurrences(Utc("2025-03-29T22:59:59"), Utc("2025-03-30T21:59:59")).ToList();

        longDay.Count.ShouldBe(25);
        shortDay.Count.ShouldBe(23);
        longDay.Zip(longDay.Skip(1), (a, b) => b - a).ShouldAllBe(gap => gap == TimeSpan.FromHours(1));
        shortDay.Zip(shortDay.Skip(1), (a, b) => b - a).ShouldAllBe(gap => gap == TimeSpan.FromHours(1));
    }

    [Fact]
    public void Occurrences_inside_a_repeated_hour_are_found_from_a_start_within_it()
    {
        // 00:20 UTC is 02:20 CEST, the first pass of the repeated hour; 02:10 CET (01:10 UTC) is still ahead.
        var occurrences = Timing("0 10 * * * *", Paris).Occurrences(Utc("2025-10-26T00:20:00"), Utc("2025-10-26T02:00:00")).ToList();

        occurrences.ShouldBe([Utc("2025-10-26T01:10:00")]);
    }

    [Fact]
    public void Every_few_seconds_through_a_skipped_hour_fires_once_at_the_jump_and_never_goes_back()
    {
        var occurrences = Timing("*/30 * * * * *", Paris).Occurrences(Utc("2025-03-30T00:59:00"), Utc("2025-03-30T01:01:00")).ToList();

        occurrences.ShouldBe([Utc("2025-03-30T00:59:30"), Utc("2025-03-30T01:00:00"), Utc("2025-03-30T01:00:30"), Utc("2025-03-30T01:01:00")]);
    }

    [Fact]
    public void Occurrences_always_ascend_and_never_repeat_over_a_year_in_a_dst_zone()
    {
        var occurrences = Timing("0 */20 * * * *", Paris).Occurrences(Utc("2025-01-01T00:00:00"), Utc("2026-01-01T00:00:00")).ToList();

        occurrences.Zip(occurrences.Skip(1), (a, b) => b > a).ShouldAllBe(ascending => ascending);
        occurrences.Count.ShouldBe(365 * 24 * 3);
    }

    [Fact]
    public void Next_and_latest_look_forward_and_back()
    {
        var nightly = Timing("0 0 2 * * *");

        nightly.NextAfter(Utc("2026-05-01T02:00:00")).ShouldBe(Utc("2026-05-02T02:00:00"));
        nightly.LatestAtOrBefore(Utc("2026-05-01T12:00:00"), TimeSpan.FromDays(2)).ShouldBe(Utc("2026-05-01T02:00:00"));
        nightly.LatestAtOrBefore(Utc("2026-05-01T12:00:00"), TimeSpan.FromHours(1)).ShouldBeNull();
    }
}
