using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using ServerlessLoad.Cli.Target;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Runner.Slices;
using ServerlessLoad.Storage.Pipeline;
using ServerlessLoad.Storage.Triggers;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Runner.Tests.Slices;

/// <summary>
/// A runner at its run's start barrier: it claims the slice once it is ready, heartbeats while the run has no start,
/// runs from the start the run's row names, and never sends a second's load late when it learns the start late.
/// </summary>
public sealed class SliceWorkerBarrierTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private readonly PipelineSettings settings = new()
    {
        StorageConnectionString = azurite.ConnectionString,
        Queues = new QueueNameSettings
        {
            RunRequests = TestNames.Queue("runreq"),
            Slices = TestNames.Queue("slices"),
            SliceEvents = TestNames.Queue("events"),
            Reports = TestNames.Queue("reports"),
        },
    };

    private PipelineStore store = null!;
    private DemoTarget target = null!;

    public async Task InitializeAsync()
    {
        store = new PipelineStore(azurite.Storage, settings.Queues);
        await store.EnsureCreatedAsync();
        target = await DemoTarget.StartAsync(new DemoTargetOptions { Port = 0 }, CancellationToken.None);
    }

    public async Task DisposeAsync() => await target.DisposeAsync();

    [Fact]
    public async Task A_ready_slice_heartbeats_without_load_until_the_start_is_set_then_runs_from_second_zero()
    {
        var message = await WaitingRunAsync();
        using var stop = new CancellationTokenSource();
        var running = Worker().RunAsync(message, new Delivery("m1", 1, DateTimeOffset.UtcNow, ""), stop.Token);
        var claimed = await WaitForSliceAsync(message.RunId, s => s.Status == SliceStatus.Running);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var waiting = (await store.GetSliceAsync(message.RunId, 0))!;
        var servedWhileWaiting = target.TotalServed;

        var startAt = DateTimeOffset.UtcNow.AddSeconds(1);
        await SetStartAsync(message.RunId, startAt);
        var first = await WaitForRowsAsync(message.RunId);
        await stop.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => running);

        waiting.Heartbeat!.Value.ShouldBeGreaterThan(claimed.Heartbeat!.Value, "a waiting slice keeps its heartbeat");
        servedWhileWaiting.ShouldBe(0);
        first.ShouldBe(0);
        (await store.GetSliceAsync(message.RunId, 0))!.ResumeFrom.ShouldBe(0);
    }

    [Fact]
    public async Task A_runner_that_learns_the_start_after_it_passed_resumes_at_the_next_whole_second()
    {
        var message = await WaitingRunAsync();
        using var stop = new CancellationTokenSource();
        var running = Worker().RunAsync(message, new Delivery("m1", 1, DateTimeOffset.UtcNow, ""), stop.Token);
        await WaitForSliceAsync(message.RunId, s => s.Status == SliceStatus.Running);

        await SetStartAsync(message.RunId, DateTimeOffset.UtcNow.AddSeconds(-2.5));
        var first = await WaitForRowsAsync(message.RunId);
        await stop.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => running);

        var slice = (await store.GetSliceAsync(message.RunId, 0))!;
        slice.ResumeFrom.ShouldBeInRange(3, 4);
        first.ShouldBe(slice.ResumeFrom, "nothing before the resume second is sent, late or otherwise");
    }

    [Fact]
    public async Task A_run_cancelled_at_the_barrier_ends_its_waiting_slice_cancelled_without_load()
    {
        var message = await WaitingRunAsync();
        var running = Worker().RunAsync(message, new Delivery("m1", 1, DateTimeOffset.UtcNow, ""), CancellationToken.None);
        await WaitForSliceAsync(message.RunId, s => s.Status == SliceStatus.Running);

        await store.UpdateRunAsync(message.RunId, r =>
        {
            r.CancelRequestedAt = DateTimeOffset.UtcNow;
            return true;
        });
        await running.WaitAsync(TimeSpan.FromSeconds(10));

        (await store.GetSliceAsync(message.RunId, 0))!.Status.ShouldBe(SliceStatus.Cancelled);
        (await store.ReadAllSecondsAsync(message.RunId, 1)).ShouldBeEmpty();
        target.TotalServed.ShouldBe(0);
        ((await store.Queue(settings.Queues.SliceEvents).GetPropertiesAsync()).Value.ApproximateMessagesCount).ShouldBe(1);
    }

    private SliceWorker Worker() => new(store, settings, TimeProvider.System, NullLogger<SliceWorker>.Instance);

    private async Task<SliceMessage> WaitingRunAsync()
    {
        var runId = TestNames.Table("run");
        await store.PutPlanAsync(runId, $"""
            name: barrier
            target: {target.BaseAddress.ToString().TrimEnd('/')}
            scenarios:
              - name: s
                vus: 1
                duration: 30s
                requests:
                  - name: work
                    path: /work?ms=20
            """);
        await store.CreateRunAsync(new RunRecord
        {
            RunId = runId, PlanName = "barrier", Status = RunStatus.Running, CreatedAt = DateTimeOffset.UtcNow, SliceCount = 1,
            ReadyBy = DateTimeOffset.UtcNow.AddMinutes(5),
        });
        await store.CreateSliceIfMissingAsync(new SliceRecord { RunId = runId, Index = 0, Status = SliceStatus.Pending });
        return new SliceMessage(runId, 0, 1);
    }

    private async Task SetStartAsync(string runId, DateTimeOffset startAt) =>
        await store.UpdateRunAsync(runId, r =>
        {
            r.StartAt = startAt;
            return true;
        });

    private async Task<SliceRecord> WaitForSliceAsync(string runId, Func<SliceRecord, bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await store.GetSliceAsync(runId, 0) is { } slice && condition(slice))
            {
                return slice;
            }

            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30), "the slice never got there");
            await Task.Delay(100);
        }
    }

    private async Task<long> WaitForRowsAsync(string runId)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var rows = await store.ReadAllSecondsAsync(runId, 1);
            if (rows.Count > 0)
            {
                return rows.Min(r => r.Second);
            }

            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20), "the slice never stored a second");
            await Task.Delay(100);
        }
    }
}
