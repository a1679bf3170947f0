using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Core.Schedules;
using ServerlessLoad.Functions.Hosting;
using ServerlessLoad.Storage.Triggers;
using ServerlessLoad.Functions.Schedules;
using ServerlessLoad.Functions.Tests.Pipeline;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Functions.Tests.Schedules;

/// <summary>Exactly-once starts and catch-up, on Azurite, with days passing in milliseconds.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ScheduleRunnerTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset Day0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly ScheduleHarness h = new(azurite, Day0);

    public Task InitializeAsync() => h.InitializeAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_due_occurrence_starts_one_run_triggered_by_the_schedule()
    {
        var schedule = await h.AddAsync("0 0 2 * * *");
        var runner = h.NewRunner();

        h.Clock.AdvanceTo(Day0.AddHours(2).AddSeconds(-10));
        (await h.TickAsync(runner)).ShouldBeEmpty();
        h.Clock.AdvanceTo(Day0.AddHours(2).AddSeconds(5));
        var started = await h.TickAsync(runner);
        h.Clock.Advance(TimeSpan.FromSeconds(10));
        (await h.TickAsync(runner)).ShouldBeEmpty();

        var runId = ScheduledRunIds.For(schedule.Name, Day0.AddHours(2));
        started.ShouldBe([runId]);
        var run = await h.Store.GetRunAsync(runId);
        run!.Trigger.ShouldBe("schedule");
        run.Status.ShouldBe(RunStatus.Queued);
        run.PlanName.ShouldBe("scheduled");
        (await h.RunRequestsAsync()).ShouldBe(1);
        var stored = await h.Schedules.GetAsync(schedule.Name);
        stored!.LastOccurrence.ShouldBe(Day0.AddHours(2));
        stored.LastRunId.ShouldBe(runId);
        stored.LastRunPending.ShouldBeFalse();
    }

    [Fact]
    public async Task Two_hosts_ticking_together_for_three_days_start_each_occurrence_exactly_once()
    {
        var hourly = await h.AddAsync("0 0 * * * *", "Europe/Paris");
        var nightly = await h.AddAsync("0 30 2 * * *", "Europe/Paris");
        var a = h.NewRunner();
        var b = h.NewRunner();
        var started = new ConcurrentBag<string>();

        for (var tick = 0; tick < 3 * 24 * 2; tick++)
        {
            h.Clock.Advance(TimeSpan.FromMinutes(30));
            var both = await Task.WhenAll(h.TickAsync(a), h.TickAsync(b));
            foreach (var id in both.SelectMany(ids => ids))
            {
                started.Add(id);
            }
        }

        var expected = new[] { hourly, nightly }
            .SelectMany(s => new ScheduleTiming(CronExpression.Parse(s.Cron), TimeZoneInfo.FindSystemTimeZoneById(s.TimeZone))
                .Occurrences(Day0, h.Clock.GetUtcNow())
                .Select(o => ScheduledRunIds.For(s.Name, o)))
            .ToList();
        expected.Count.ShouldBe((3 * 24) + 3);
        started.Order(StringComparer.Ordinal).ShouldBe(expected.Order(StringComparer.Ordinal));
        (await h.RunRequestsAsync()).ShouldBe(expected.Count);
        foreach (var id in expected)
        {
            (await h.Store.GetRunAsync(id))!.Trigger.ShouldBe("schedule");
        }
    }

    [Fact]
    public async Task Missed_occurrences_within_the_window_run_once_at_start_up_and_never_again_after_restarts()
    {
        var schedule = await h.AddAsync("0 0 * * * *");
        h.Clock.AdvanceTo(Day0.AddHours(1).AddSeconds(5));
        (await h.TickAsync(h.NewRunner())).Count.ShouldBe(1);

        // No host runs from 01:00:05 to 04:20: the occurrences of 02:00, 03:00 and 04:00 are missed.
        h.Clock.AdvanceTo(Day0.AddHours(4).AddMinutes(20));
        var afterOutage = await h.TickAsync(h.NewRunner());
        var afterRestart = await h.TickAsync(h.NewRunner());
        h.Clock.Advance(TimeSpan.FromMinutes(30));
        var afterAnotherRestart = await h.TickAsync(h.NewRunner());

        afterOutage.ShouldBe([ScheduledRunIds.For(schedule.Name, Day0.AddHours(4))]);
        afterRestart.ShouldBeEmpty();
        afterAnotherRestart.ShouldBeEmpty();
        (await h.RunRequestsAsync()).ShouldBe(2);
        (await h.Store.GetRunAsync(ScheduledRunIds.For(schedule.Name, Day0.AddHours(2)))).ShouldBeNull();
    }

    [Fact]
    public async Task A_missed_occurrence_older_than_the_window_is_skipped_and_the_next_one_runs()
    {
        var schedule = await h.AddAsync("0 0 2 * * *");

        h.Clock.AdvanceTo(Day0.AddHours(9));
        var late = await h.TickAsync(h.NewRunner());
        var again = await h.TickAsync(h.NewRunner());
        h.Clock.AdvanceTo(Day0.AddDays(1).AddHours(2).AddSeconds(3));
        var nextNight = await h.TickAsync(h.NewRunner());

        late.ShouldBeEmpty();
        again.ShouldBeEmpty();
        nextNight.ShouldBe([ScheduledRunIds.For(schedule.Name, Day0.AddDays(1).AddHours(2))]);
        (await h.Schedules.GetAsync(schedule.Name))!.SkippedThrough.ShouldBe(Day0.AddHours(3));
        (await h.RunRequestsAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task A_claim_whose_host_died_before_starting_the_run_is_finished_with_the_same_run_id()
    {
        var schedule = await h.AddAsync("0 0 2 * * *");
        var occurrence = Day0.AddHours(2);
        var runId = ScheduledRunIds.For(schedule.Name, occurrence);
        h.Clock.AdvanceTo(occurrence.AddSeconds(2));
        await h.Schedules.UpdateAsync(schedule.Name, s =>
        {
            s.LastOccurrence = occurrence;
            s.LastRunId = runId;
            s.LastRunPending = true;
            s.ClaimedAt = h.Clock.GetUtcNow();
            return true;
        });

        var tooSoon = await h.TickAsync(h.NewRunner());
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        var recovered = await h.TickAsync(h.NewRunner());
        var later = await h.TickAsync(h.NewRunner());

        tooSoon.ShouldBeEmpty();
        recovered.ShouldBe([runId]);
        later.ShouldBeEmpty();
        (await h.Store.GetRunAsync(runId))!.Trigger.ShouldBe("schedule");
        (await h.Schedules.GetAsync(schedule.Name))!.LastRunPending.ShouldBeFalse();
        (await h.RunRequestsAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task A_claim_whose_host_died_after_starting_the_run_does_not_make_a_second_run()
    {
        var schedule = await h.AddAsync("0 0 2 * * *");
        var occurrence = Day0.AddHours(2);
        var runId = ScheduledRunIds.For(schedule.Name, occurrence);
        h.Clock.AdvanceTo(occurrence.AddSeconds(2));
        await h.Schedules.UpdateAsync(schedule.Name, s =>
        {
            s.LastOccurrence = occurrence;
            s.LastRunId = runId;
            s.LastRunPending = true;
            s.ClaimedAt = h.Clock.GetUtcNow();
            return true;
        });
        (await h.Start.StartAsync(ScheduleHarness.PlanText, "schedule", runId, default)).RunId.ShouldBe(runId);
        var created = (await h.Store.GetRunAsync(runId))!.CreatedAt;

        h.Clock.Advance(TimeSpan.FromMinutes(1));
        await h.TickAsync(h.NewRunner());

        (await h.Store.GetRunAsync(runId))!.CreatedAt.ShouldBe(created);
        (await h.Store.ListRunsAsync()).Count(r => r.RunId == runId).ShouldBe(1);
        (await h.Schedules.GetAsync(schedule.Name))!.LastRunPending.ShouldBeFalse();
    }

    [Fact]
    public async Task A_disabled_schedule_does_not_run()
    {
        await h.AddAsync("0 0 * * * *", enabled: false);

        h.Clock.AdvanceTo(Day0.AddHours(1));

        (await h.TickAsync(h.NewRunner())).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_schedule_of_a_stored_plan_runs_it_and_records_why_when_the_plan_is_gone()
    {
        var planName = TestNames.Queue("lib");
        await h.Schedules.PutPlanAsync(planName, ScheduleHarness.PlanText);
        var schedule = await h.AddAsync("0 0 * * * *", planName: planName);

        h.Clock.AdvanceTo(Day0.AddHours(1));
        var first = await h.TickAsync(h.NewRunner());
        await h.Schedules.DeletePlanAsync(planName);
        h.Clock.AdvanceTo(Day0.AddHours(2));
        var second = await h.TickAsync(h.NewRunner());

        first.Count.ShouldBe(1);
        second.ShouldBeEmpty();
        var stored = await h.Schedules.GetAsync(schedule.Name);
        stored!.LastError.ShouldBe($"the stored plan '{planName}' does not exist");
        stored.LastOccurrence.ShouldBe(Day0.AddHours(2));
        stored.LastRunPending.ShouldBeFalse();
    }

    [Fact]
    public async Task Run_now_starts_a_run_at_once_without_moving_the_schedule()
    {
        var schedule = await h.AddAsync("0 0 2 * * *");

        var result = await h.NewRunner().RunNowAsync(schedule.Name, default);

        result!.Accepted.ShouldBeTrue();
        (await h.Store.GetRunAsync(result.RunId!))!.Trigger.ShouldBe("schedule");
        (await h.Schedules.GetAsync(schedule.Name))!.LastOccurrence.ShouldBeNull();
        (await h.NewRunner().RunNowAsync("no-such-schedule", default)).ShouldBeNull();
    }

    [Fact]
    public async Task Through_the_timer_on_two_hosts_a_quarter_hourly_schedule_runs_once_per_occurrence()
    {
        var schedule = await h.AddAsync("0 */15 * * * *");
        var locks = azurite.Storage.GetContainer(TestNames.Container("locks"));
        await locks.CreateIfNotExistsAsync();
        var options = new TimerTriggerOptions { LeaseRenewInterval = TimeSpan.FromHours(1), LeaseRetryInterval = TimeSpan.FromMinutes(15) };
        var hosts = Enumerable.Range(0, 2).Select(_ =>
        {
            var runner = h.NewRunner();
            return new TimerTrigger("schedules", CronExpression.Parse("0 */5 * * * *"), (t, ct) => runner.RunAsync(t, ct), locks, options, h.Clock, NullLogger.Instance);
        }).ToList();
        foreach (var host in hosts)
        {
            await host.StartAsync(CancellationToken.None);
        }

        try
        {
            while (h.Clock.GetUtcNow() < Day0.AddHours(6))
            {
                await h.Clock.StepAsync(2);
            }

            await h.Clock.WaitForTimersAsync(2);
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.StopAsync(CancellationToken.None);
                host.Dispose();
            }
        }

        var stored = await h.Schedules.GetAsync(schedule.Name);
        stored!.LastOccurrence.ShouldBe(Day0.AddHours(6));
        (await h.RunRequestsAsync()).ShouldBe(6 * 4);
        (await h.Store.GetRunAsync(ScheduledRunIds.For(schedule.Name, Day0.AddHours(3).AddMinutes(45)))).ShouldNotBeNull();
    }
}
