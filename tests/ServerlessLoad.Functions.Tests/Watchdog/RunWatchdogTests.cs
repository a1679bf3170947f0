using Microsoft.Extensions.Logging.Abstractions;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Functions.Tests.Pipeline;
using ServerlessLoad.Functions.Tests.Support;
using ServerlessLoad.Functions.Watchdog;
using ServerlessLoad.Reports;
using ServerlessLoad.Storage.Pipeline;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Functions.Tests.Watchdog;

[Collection(AzuriteCollection.Name)]
public sealed class RunWatchdogTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow;
    private readonly Pipeline.Pipeline pipeline = new(azurite);
    private readonly ManualTimeProvider clock = new(T0);

    public async Task InitializeAsync()
    {
        pipeline.Settings.VisibilityTimeoutSeconds = 6;
        await pipeline.Store.EnsureCreatedAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private RunWatchdog Watchdog() => new(pipeline.Store, pipeline.Settings, clock, NullLogger<RunWatchdog>.Instance);

    [Fact]
    public async Task A_slice_silent_for_two_leases_is_lost_and_the_run_finishes_errored_naming_it()
    {
        var runId = await PlannedRunAsync(slices: 2);
        await SetSliceAsync(runId, 0, SliceStatus.Running, heartbeat: T0);
        await SetSliceAsync(runId, 1, SliceStatus.Completed, heartbeat: T0);
        var watchdog = Watchdog();
        var beforeLoss = await pipeline.Store.GetSliceAsync(runId, 0);

        await watchdog.ScanAsync(default);
        clock.Advance(TimeSpan.FromSeconds(11));
        await watchdog.ScanAsync(default);
        var stillRunning = await pipeline.Store.GetSliceAsync(runId, 0);
        clock.Advance(TimeSpan.FromSeconds(2));
        await watchdog.ScanAsync(default);

        stillRunning!.Status.ShouldBe(SliceStatus.Running);
        var lost = (await pipeline.Store.GetSliceAsync(runId, 0))!;
        lost.Status.ShouldBe(SliceStatus.Lost);
        lost.Error.ShouldStartWith("no heartbeat from runner-a since");
        (await pipeline.Store.TryUpdateSliceAsync(beforeLoss!)).ShouldBeFalse("a runner that comes back cannot flip the slice back");

        var events = await QueuePeek.ForRunAsync<SliceEventMessage>(pipeline.Store, pipeline.Settings.Queues.SliceEvents, runId, e => e.RunId);
        var lostEvent = events.ShouldHaveSingleItem();
        lostEvent.Status.ShouldBe(SliceStatus.Lost);
        await pipeline.Collect.RunAsync(lostEvent, default);
        await pipeline.Report.RunAsync(new ReportMessage(runId), default);
        var run = (await pipeline.Store.GetRunAsync(runId))!;
        run.Status.ShouldBe(RunStatus.Errored);
        run.Error.ShouldStartWith("slice 0 lost: no heartbeat from runner-a");
        var report = ReportJson.Parse(System.Text.Encoding.UTF8.GetString((await pipeline.Store.GetArtifactAsync(runId, "report.json"))!.Data));
        report.Errors.Count.ShouldBe(2);
        report.Errors[0].ShouldContain("slice 0 lost");
        report.Errors[1].ShouldStartWith("4 of 4 slice-seconds missing");
    }

    [Fact]
    public async Task Silence_counts_only_from_when_the_watchdog_could_see_storage()
    {
        var runId = await PlannedRunAsync(slices: 1);
        await SetSliceAsync(runId, 0, SliceStatus.Running, heartbeat: T0 - TimeSpan.FromMinutes(5));
        var watchdog = Watchdog();

        var first = await watchdog.ScanAsync(default);
        var atFirst = (await pipeline.Store.GetSliceAsync(runId, 0))!.Status;
        clock.Advance(TimeSpan.FromSeconds(13));
        await watchdog.ScanAsync(default);

        atFirst.ShouldBe(SliceStatus.Running, "a watchdog that just started (or storage that just came back) waits two leases");
        first.ShouldNotBeNull();
        (await pipeline.Store.GetSliceAsync(runId, 0))!.Status.ShouldBe(SliceStatus.Lost);
    }

    [Fact]
    public async Task Waiting_slices_of_a_cancelled_run_are_cancelled_but_a_backlog_is_left_alone()
    {
        var backlog = await PlannedRunAsync(slices: 1);
        var cancelled = await PlannedRunAsync(slices: 2);
        await SetSliceAsync(cancelled, 0, SliceStatus.Running, heartbeat: T0);
        await pipeline.Store.UpdateRunAsync(cancelled, r => { r.CancelRequestedAt = T0; return true; });
        clock.Advance(TimeSpan.FromSeconds(5));

        await Watchdog().ScanAsync(default);

        (await pipeline.Store.GetSliceAsync(backlog, 0))!.Status.ShouldBe(SliceStatus.Pending);
        (await pipeline.Store.GetSliceAsync(cancelled, 0))!.Status.ShouldBe(SliceStatus.Running, "its runner stops it");
        (await pipeline.Store.GetSliceAsync(cancelled, 1))!.Status.ShouldBe(SliceStatus.Cancelled);
    }

    [Fact]
    public async Task A_run_stuck_in_reporting_gets_its_report_requested_again_once_per_patience()
    {
        var runId = await PlannedRunAsync(slices: 1);
        await pipeline.Store.UpdateRunAsync(runId, r => { r.Status = RunStatus.Reporting; r.EndedAt = T0; return true; });
        var watchdog = Watchdog();

        await watchdog.ScanAsync(default);
        clock.Advance(TimeSpan.FromSeconds(25));
        await watchdog.ScanAsync(default);
        clock.Advance(TimeSpan.FromSeconds(5));
        await watchdog.ScanAsync(default);
        var reports = await QueuePeek.ForRunAsync<ReportMessage>(pipeline.Store, pipeline.Settings.Queues.Reports, runId, m => m.RunId);

        reports.Count.ShouldBe(1);
        await pipeline.Report.RunAsync(reports[0], default);
        (await pipeline.Store.GetRunAsync(runId))!.Status.ShouldBe(RunStatus.Errored, "its slice never ran");
    }

    [Fact]
    public async Task A_run_whose_slices_all_ended_without_an_event_is_nudged_to_finish()
    {
        var runId = await PlannedRunAsync(slices: 1);
        await SetSliceAsync(runId, 0, SliceStatus.Completed, heartbeat: T0);
        clock.Advance(TimeSpan.FromSeconds(7));

        await Watchdog().ScanAsync(default);
        var events = await QueuePeek.ForRunAsync<SliceEventMessage>(pipeline.Store, pipeline.Settings.Queues.SliceEvents, runId, e => e.RunId);
        await pipeline.Collect.RunAsync(events.ShouldHaveSingleItem(), default);

        (await pipeline.Store.GetRunAsync(runId))!.Status.ShouldBe(RunStatus.Reporting);
    }

    private async Task<string> PlannedRunAsync(int slices)
    {
        var started = await pipeline.Start.StartAsync(Pipeline.Pipeline.PlanText(slices), "test", default);
        await pipeline.Plan.RunAsync(new RunRequestMessage(started.RunId!), default);
        return started.RunId!;
    }

    private async Task SetSliceAsync(string runId, int index, string status, DateTimeOffset heartbeat)
    {
        var slice = (await pipeline.Store.GetSliceAsync(runId, index))!;
        slice.Status = status;
        slice.Attempt = 1;
        slice.Runner = "runner-a";
        slice.Heartbeat = heartbeat;
        slice.StartedAt = heartbeat;
        slice.EndedAt = SliceStatus.IsTerminal(status) ? heartbeat : null;
        (await pipeline.Store.TryUpdateSliceAsync(slice)).ShouldBeTrue();
    }
}
