using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Functions.CancelRun;
using ServerlessLoad.Functions.Tests.Pipeline;
using ServerlessLoad.Functions.Tests.Support;
using ServerlessLoad.Reports;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Functions.Tests.CancelRun;

[Collection(AzuriteCollection.Name)]
public sealed class CancelRunFunctionTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly Pipeline.Pipeline pipeline = new(azurite);
    private readonly ManualTimeProvider clock = new(DateTimeOffset.UtcNow);

    public Task InitializeAsync() => pipeline.Store.EnsureCreatedAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private CancelRunFunction Cancel() => new(pipeline.Store, clock, NullLogger<CancelRunFunction>.Instance);

    [Fact]
    public async Task A_queued_run_is_cancelled_without_runners_and_reported_as_cancelled()
    {
        var runId = (await pipeline.Start.StartAsync(Pipeline.Pipeline.PlanText(2), "test", default)).RunId!;

        var result = await Cancel().CancelAsync(runId, default);
        await pipeline.Plan.RunAsync(new RunRequestMessage(runId), default);
        var reports = await QueuePeek.ForRunAsync<ReportMessage>(pipeline.Store, pipeline.Settings.Queues.Reports, runId, m => m.RunId);
        await pipeline.Report.RunAsync(reports.ShouldHaveSingleItem(), default);

        result.Outcome.ShouldBe(CancelOutcome.Accepted);
        result.Run!.Status.ShouldBe(RunStatus.Reporting);
        (await pipeline.Store.GetSlicesAsync(runId)).ShouldBeEmpty("planning found the run cancelled and fanned nothing out");
        (await pipeline.Store.GetRunAsync(runId))!.Status.ShouldBe(RunStatus.Cancelled);
        var report = ReportJson.Parse(Encoding.UTF8.GetString((await pipeline.Store.GetArtifactAsync(runId, "report.json"))!.Data));
        report.Verdict.ShouldBe(RunStatus.Cancelled);
        report.Totals.Requests.ShouldBe(0);
    }

    [Fact]
    public async Task A_running_run_gets_its_cancel_recorded_and_its_waiting_slices_cancelled_once()
    {
        var runId = (await pipeline.Start.StartAsync(Pipeline.Pipeline.PlanText(3), "test", default)).RunId!;
        await pipeline.Plan.RunAsync(new RunRequestMessage(runId), default);
        var claimed = (await pipeline.Store.GetSliceAsync(runId, 0))!;
        claimed.Status = SliceStatus.Running;
        claimed.Attempt = 1;
        (await pipeline.Store.TryUpdateSliceAsync(claimed)).ShouldBeTrue();

        var first = await Cancel().CancelAsync(runId, default);
        clock.Advance(TimeSpan.FromSeconds(1));
        var second = await Cancel().CancelAsync(runId, default);

        (first.Outcome, second.Outcome).ShouldBe((CancelOutcome.Accepted, CancelOutcome.Accepted));
        var run = (await pipeline.Store.GetRunAsync(runId))!;
        run.Status.ShouldBe(RunStatus.Running, "the runner stops its slice; the run finishes through the usual path");
        run.CancelRequestedAt.ShouldBe(first.Run!.CancelRequestedAt);
        (await pipeline.Store.GetSlicesAsync(runId)).Select(s => s.Status).ShouldBe([SliceStatus.Running, SliceStatus.Cancelled, SliceStatus.Cancelled]);
        (await QueuePeek.ForRunAsync<SliceEventMessage>(pipeline.Store, pipeline.Settings.Queues.SliceEvents, runId, e => e.RunId)).Count.ShouldBe(1);
        (await QueuePeek.ForRunAsync<ReportMessage>(pipeline.Store, pipeline.Settings.Queues.Reports, runId, m => m.RunId)).ShouldBeEmpty();

        // The runner stops and reports its slice cancelled: the run ends cancelled, with what it measured.
        claimed = (await pipeline.Store.GetSliceAsync(runId, 0))!;
        claimed.Status = SliceStatus.Cancelled;
        claimed.EndedAt = clock.GetUtcNow();
        (await pipeline.Store.TryUpdateSliceAsync(claimed)).ShouldBeTrue();
        await pipeline.Collect.RunAsync(new SliceEventMessage(runId, 0, 1, SliceStatus.Cancelled, 0, 0), default);
        await pipeline.Report.RunAsync(new ReportMessage(runId), default);
        var final = (await pipeline.Store.GetRunAsync(runId))!;
        final.Status.ShouldBe(RunStatus.Cancelled);
        final.Error.ShouldBeNull();
    }

    [Fact]
    public async Task Finished_and_unknown_runs_cannot_be_cancelled()
    {
        var runId = (await pipeline.Start.StartAsync(Pipeline.Pipeline.PlanText(1), "test", default)).RunId!;
        await pipeline.Store.UpdateRunAsync(runId, r => { r.Status = RunStatus.Passed; return true; });
        var reporting = (await pipeline.Start.StartAsync(Pipeline.Pipeline.PlanText(1), "test", default)).RunId!;
        await pipeline.Store.UpdateRunAsync(reporting, r => { r.Status = RunStatus.Reporting; return true; });

        (await Cancel().CancelAsync(runId, default)).Outcome.ShouldBe(CancelOutcome.AlreadyFinished);
        (await Cancel().CancelAsync(reporting, default)).Outcome.ShouldBe(CancelOutcome.AlreadyFinished);
        (await Cancel().CancelAsync("no-such-run", default)).Outcome.ShouldBe(CancelOutcome.NotFound);
        (await pipeline.Store.GetRunAsync(runId))!.CancelRequestedAt.ShouldBeNull();
    }
}
