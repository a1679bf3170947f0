using ServerlessLoad.Core.Messages;
using ServerlessLoad.Core.Results;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Functions.Poison;
using ServerlessLoad.Storage;
using ServerlessLoad.Storage.Pipeline;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Functions.Tests.Pipeline;

/// <summary>Queues deliver at least once: every handler, given the same message twice, changes nothing the second time.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RepeatedDeliveryTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly Pipeline pipeline = new(azurite);

    public Task InitializeAsync() => pipeline.Store.EnsureCreatedAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_repeated_run_request_fans_the_slices_out_once()
    {
        var runId = await pipeline.StartAsync(slices: 3);

        await pipeline.Plan.RunAsync(new RunRequestMessage(runId), default);
        var afterFirst = await pipeline.Store.GetRunAsync(runId);
        await pipeline.Plan.RunAsync(new RunRequestMessage(runId), default);

        var run = await pipeline.Store.GetRunAsync(runId);
        run!.Status.ShouldBe(RunStatus.Running);
        run.ReadyBy.ShouldBe(afterFirst!.ReadyBy, "the start barrier's deadline is set once");
        run.StartAt.ShouldBeNull("the start waits for ready runners");
        (await pipeline.Store.GetSlicesAsync(runId)).Select(s => s.Index).ShouldBe([0, 1, 2]);
        ((await pipeline.Store.Queue(pipeline.Settings.Queues.Slices).GetPropertiesAsync()).Value.ApproximateMessagesCount).ShouldBe(3);
    }

    [Fact]
    public async Task A_repeated_slice_event_requests_one_report()
    {
        var runId = await pipeline.PlannedRunWithCompletedSlicesAsync(slices: 2);
        var reports = pipeline.Store.Queue(pipeline.Settings.Queues.Reports);

        var message = new SliceEventMessage(runId, 1, 1, SliceStatus.Completed, 10, 0);
        await pipeline.Collect.RunAsync(message, default);
        await pipeline.Collect.RunAsync(message, default);
        await pipeline.Collect.RunAsync(message with { Index = 0 }, default);

        ((await reports.GetPropertiesAsync()).Value.ApproximateMessagesCount).ShouldBe(1);
        var run = await pipeline.Store.GetRunAsync(runId);
        run!.Status.ShouldBe(RunStatus.Reporting);
        run.Requests.ShouldBe(20);
    }

    [Fact]
    public async Task A_slice_event_before_every_slice_is_done_only_updates_progress()
    {
        var runId = await pipeline.StartAsync(slices: 2);
        await pipeline.Plan.RunAsync(new RunRequestMessage(runId), default);
        await pipeline.CompleteSliceAsync(runId, 0, requests: 7);

        await pipeline.Collect.RunAsync(new SliceEventMessage(runId, 0, 1, SliceStatus.Completed, 7, 0), default);

        ((await pipeline.Store.Queue(pipeline.Settings.Queues.Reports).GetPropertiesAsync()).Value.ApproximateMessagesCount).ShouldBe(0);
        var run = await pipeline.Store.GetRunAsync(runId);
        run!.Status.ShouldBe(RunStatus.Running);
        run.Requests.ShouldBe(7);
    }

    [Fact]
    public async Task A_repeated_report_message_publishes_once_and_keeps_the_counts()
    {
        var runId = await pipeline.PlannedRunWithCompletedSlicesAsync(slices: 2);
        await pipeline.Collect.RunAsync(new SliceEventMessage(runId, 0, 1, SliceStatus.Completed, 10, 0), default);

        await pipeline.Report.RunAsync(new ReportMessage(runId), default);
        var first = await pipeline.Store.GetRunAsync(runId);
        var firstArtifacts = await pipeline.Store.ListArtifactsAsync(runId);
        await pipeline.Report.RunAsync(new ReportMessage(runId), default);
        var second = await pipeline.Store.GetRunAsync(runId);
        var secondArtifacts = await pipeline.Store.ListArtifactsAsync(runId);

        first!.Status.ShouldBe(RunStatus.Passed);
        first.Requests.ShouldBe(20);
        second!.ETag.ShouldBe(first.ETag);
        secondArtifacts.Select(a => (a.Name, a.ETag)).ShouldBe(firstArtifacts.Select(a => (a.Name, a.ETag)));
        firstArtifacts.Select(a => a.Name).ShouldBe(
            ["plan.yaml", "report.json", "report.md", "report.html", "junit.xml", .. firstArtifacts.Where(a => a.Name.StartsWith("charts/", StringComparison.Ordinal)).Select(a => a.Name)],
            ignoreOrder: true);
        firstArtifacts.Count(a => a.Name.StartsWith("charts/", StringComparison.Ordinal)).ShouldBeGreaterThanOrEqualTo(5);
    }

    [Fact]
    public async Task A_poisoned_message_errors_its_run_with_the_last_failure_its_function_recorded()
    {
        var runId = await pipeline.PlannedRunWithCompletedSlicesAsync(slices: 1);
        await pipeline.Store.Plans.DeleteBlobIfExistsAsync($"{runId}/plan.yaml");
        await Should.ThrowAsync<InvalidOperationException>(() => pipeline.Report.RunAsync(new ReportMessage(runId), default));
        var poisoned = new PoisonFunctions(pipeline.Failures, pipeline.Store);

        await poisoned.ReportPoisonedAsync(new ReportMessage(runId), default);
        await poisoned.ReportPoisonedAsync(new ReportMessage(runId), default);

        var run = await pipeline.Store.GetRunAsync(runId);
        run!.Status.ShouldBe(RunStatus.Errored);
        run.Error.ShouldBe($"{pipeline.Settings.Queues.Reports} message moved to {pipeline.Settings.Queues.Reports}-poison: failed 5 times; last error: BuildReport: The plan of run {runId} is missing.");
    }
}
