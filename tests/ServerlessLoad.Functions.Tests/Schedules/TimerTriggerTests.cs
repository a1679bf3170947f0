using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using ServerlessLoad.Core.Schedules;
using Azure.Storage.Blobs;
using ServerlessLoad.Storage.Triggers;
using ServerlessLoad.Functions.Tests.Pipeline;
using ServerlessLoad.Storage;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Functions.Tests.Schedules;

/// <summary>The timer trigger against Azurite's blob leases, on a clock the test moves: minutes pass in milliseconds.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TimerTriggerTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 30, TimeSpan.Zero);

    private static readonly TimerTriggerOptions Options = new()
    {
        LeaseRenewInterval = TimeSpan.FromHours(1),
        LeaseRetryInterval = TimeSpan.FromMinutes(1),
    };

    private readonly ManualClock clock = new(Start);
    private readonly BlobContainerClient locks = azurite.Storage.GetContainer(TestNames.Container("locks"));
    private readonly ConcurrentQueue<(string Host, TimerTick Tick)> ticks = new();
    private readonly List<TimerTrigger> running = [];

    public Task InitializeAsync() => locks.CreateIfNotExistsAsync();

    public async Task DisposeAsync()
    {
        foreach (var host in running)
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
    }

    [Fact]
    public async Task Of_two_hosts_only_the_lease_holder_fires_and_it_fires_every_occurrence_once()
    {
        var a = await StartHostAsync("a");
        var b = await StartHostAsync("b");

        for (var step = 0; step < 40; step++)
        {
            await clock.StepAsync(2);
        }

        await clock.WaitForTimersAsync(2);
        ScheduledTimes().ShouldBe(EveryMinuteUntilNow());
        ticks.Select(t => t.Host).Distinct().Count().ShouldBe(1);
        (a.IsLeader ^ b.IsLeader).ShouldBeTrue();
        ticks.ShouldAllBe(t => !t.Tick.IsPastDue);
    }

    [Fact]
    public async Task When_the_holder_stops_the_other_host_takes_over_without_losing_or_repeating_an_occurrence()
    {
        var a = await StartHostAsync("a");
        var b = await StartHostAsync("b");
        for (var step = 0; step < 10; step++)
        {
            await clock.StepAsync(2);
        }

        var (leader, follower) = a.IsLeader ? (a, b) : (b, a);
        await StopAsync(leader);
        for (var step = 0; step < 10; step++)
        {
            await clock.StepAsync(1);
        }

        await clock.WaitForTimersAsync(1);
        follower.IsLeader.ShouldBeTrue();
        ScheduledTimes().ShouldBe(EveryMinuteUntilNow());
        ticks.Select(t => t.Host).Distinct().Count().ShouldBe(2);
    }

    [Fact]
    public async Task A_host_starting_after_none_ran_fires_the_missed_occurrence_once_and_a_restart_does_not_fire_it_again()
    {
        var a = await StartHostAsync("a");
        for (var step = 0; step < 3; step++)
        {
            await clock.StepAsync(1);
        }

        await clock.WaitForTimersAsync(1);
        await StopAsync(a);
        var lastBeforeOutage = ticks.Last().Tick.ScheduledTime;
        clock.Advance(TimeSpan.FromMinutes(10));

        var b = await StartHostAsync("b");
        await clock.WaitForTimersAsync(1);
        await StopAsync(b);
        await StartHostAsync("c");
        await clock.WaitForTimersAsync(1);

        var pastDue = ticks.Where(t => t.Tick.IsPastDue).ToList();
        pastDue.Count.ShouldBe(1);
        pastDue[0].Host.ShouldBe("b");
        pastDue[0].Tick.ScheduledTime.ShouldBe(lastBeforeOutage.AddMinutes(1));
        pastDue[0].Tick.Now.ShouldBe(clock.GetUtcNow());
        ticks.Count.ShouldBe(4);
    }

    private async Task<TimerTrigger> StartHostAsync(string id)
    {
        var host = new TimerTrigger(
            "every-minute",
            CronExpression.Parse("0 * * * * *"),
            (tick, _) =>
            {
                ticks.Enqueue((id, tick));
                return Task.CompletedTask;
            },
            locks,
            Options,
            clock,
            NullLogger.Instance);
        running.Add(host);
        await host.StartAsync(CancellationToken.None);
        return host;
    }

    private async Task StopAsync(TimerTrigger host)
    {
        running.Remove(host);
        await host.StopAsync(CancellationToken.None);
        host.Dispose();
    }

    private List<DateTimeOffset> ScheduledTimes() => ticks.Select(t => t.Tick.ScheduledTime).ToList();

    private List<DateTimeOffset> EveryMinuteUntilNow()
    {
        var minutes = new List<DateTimeOffset>();
        for (var t = Start.AddSeconds(30); t <= clock.GetUtcNow(); t = t.AddMinutes(1))
        {
            minutes.Add(t);
        }

        return minutes;
    }
}
