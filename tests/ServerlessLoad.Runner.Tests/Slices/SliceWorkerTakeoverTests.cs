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
/// A runner that is still alive when its slice is taken over (its lease expired during a storage outage) or ended by the
/// watchdog: it notices at its next row update and stops without touching what is no longer its own.
/// </summary>
public sealed class SliceWorkerTakeoverTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
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
    public async Task A_superseded_attempt_stops_and_stores_only_the_seconds_before_the_new_attempts_start()
    {
        var (message, worker) = await RunningSliceAsync();
        var running = worker.RunAsync(message, new Delivery("m1", 1, DateTimeOffset.UtcNow, ""), CancellationToken.None);
        await WaitForRowsAsync(message.RunId, 2);

        var slice = (await store.GetSliceAsync(message.RunId, 0))!;
        // As a real takeover does: from the second it claims in, and never a second the live attempt already announced.
        var resumeFrom = SliceClaims.ResumeFrom(slice, message.StartAt!.Value, DateTimeOffset.UtcNow);
        slice.Attempt = 2;
        slice.Runner = "elsewhere:1";
        slice.ResumeFrom = resumeFrom;
        (await store.TryUpdateSliceAsync(slice)).ShouldBeTrue();
        var clock = Stopwatch.StartNew();
        await running.WaitAsync(TimeSpan.FromSeconds(10));

        var rows = await store.ReadAllSecondsAsync(message.RunId, 1);
        var after = (await store.GetSliceAsync(message.RunId, 0))!;
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        rows.ShouldNotBeEmpty();
        rows.ShouldAllBe(r => r.Attempt == 1 && r.Second < resumeFrom);
        (after.Attempt, after.Runner, after.Status).ShouldBe((2, "elsewhere:1", SliceStatus.Running));
        ((await store.Queue(settings.Queues.SliceEvents).GetPropertiesAsync()).Value.ApproximateMessagesCount).ShouldBe(0);
    }

    [Fact]
    public async Task A_slice_marked_lost_stays_lost_when_its_runner_comes_back()
    {
        var (message, worker) = await RunningSliceAsync();
        var running = worker.RunAsync(message, new Delivery("m1", 1, DateTimeOffset.UtcNow, ""), CancellationToken.None);
        await WaitForRowsAsync(message.RunId, 2);

        var slice = (await store.GetSliceAsync(message.RunId, 0))!;
        slice.Status = SliceStatus.Lost;
        slice.Error = "no heartbeat";
        (await store.TryUpdateSliceAsync(slice)).ShouldBeTrue();
        var lostETag = slice.ETag;
        await running.WaitAsync(TimeSpan.FromSeconds(10));

        var after = (await store.GetSliceAsync(message.RunId, 0))!;
        after.Status.ShouldBe(SliceStatus.Lost);
        after.ETag.ShouldBe(lostETag);
        ((await store.Queue(settings.Queues.SliceEvents).GetPropertiesAsync()).Value.ApproximateMessagesCount).ShouldBe(0);
    }

    [Fact]
    public async Task A_duplicate_message_for_a_slice_a_live_runner_holds_is_dropped_at_once()
    {
        var (message, worker) = await RunningSliceAsync();
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(message, new Delivery("m1", 1, DateTimeOffset.UtcNow, ""), stop.Token);
        await WaitForRowsAsync(message.RunId, 1);

        var clock = Stopwatch.StartNew();
        await worker.RunAsync(message, new Delivery("m2", 1, DateTimeOffset.UtcNow, ""), CancellationToken.None);
        var duplicateTook = clock.Elapsed;
        await stop.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => running);

        duplicateTook.ShouldBeLessThan(TimeSpan.FromSeconds(2));
        var after = (await store.GetSliceAsync(message.RunId, 0))!;
        (after.Attempt, after.MessageId).ShouldBe((1, "m1"));
        after.FlushedThrough.ShouldBe((await store.ReadAllSecondsAsync(message.RunId, 1)).Max(r => r.Second), "a stop for shutdown announces exactly what it stored");
    }

    private async Task<(SliceMessage Message, SliceWorker Worker)> RunningSliceAsync()
    {
        var runId = TestNames.Table("run");
        var startAt = DateTimeOffset.UtcNow.AddSeconds(0.3);
        await store.PutPlanAsync(runId, $"""
            name: takeover
            target: {target.BaseAddress.ToString().TrimEnd('/')}
            scenarios:
              - name: s
                vus: 1
                duration: 30s
                requests:
                  - name: work
                    path: /work?ms=20
            """);
        await store.CreateRunAsync(new RunRecord { RunId = runId, PlanName = "takeover", Status = RunStatus.Running, CreatedAt = DateTimeOffset.UtcNow, SliceCount = 1, StartAt = startAt });
        await store.CreateSliceIfMissingAsync(new SliceRecord { RunId = runId, Index = 0, Status = SliceStatus.Pending });
        return (new SliceMessage(runId, 0, 1, startAt), new SliceWorker(store, settings, TimeProvider.System, NullLogger<SliceWorker>.Instance));
    }

    private async Task WaitForRowsAsync(string runId, int count)
    {
        var clock = Stopwatch.StartNew();
        while ((await store.ReadAllSecondsAsync(runId, 1)).Count < count)
        {
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(15), "the slice never stored its seconds");
            await Task.Delay(100);
        }
    }
}
