using System.Text;
using System.Text.Json;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Functions.BuildReport;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Functions.Tests.Pipeline;

/// <summary>BuildReport checkpoints its stages: a crash after any stage resumes after it and publishes exactly once.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DurableReportTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly Pipeline pipeline = new(azurite);

    public Task InitializeAsync() => pipeline.Store.EnsureCreatedAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(BuildReportFunction.Merged)]
    [InlineData(BuildReportFunction.Judged)]
    [InlineData(BuildReportFunction.Rendered)]
    [InlineData(BuildReportFunction.Published)]
    public async Task A_crash_after_a_stage_resumes_after_it_and_publishes_once(string crashAfter)
    {
        var runId = await pipeline.ReportableRunAsync();
        var stagesSeen = new List<string>();
        pipeline.Report.AfterStage = stage =>
        {
            stagesSeen.Add(stage);
            return stage == crashAfter ? throw new IOException($"crash after {stage}") : Task.CompletedTask;
        };

        await Should.ThrowAsync<IOException>(() => pipeline.Report.RunAsync(new ReportMessage(runId), default));
        (await pipeline.Store.GetRunAsync(runId))!.ReportStage.ShouldBe(crashAfter);

        pipeline.Report.AfterStage = stage => { stagesSeen.Add(stage); return Task.CompletedTask; };
        await pipeline.Report.RunAsync(new ReportMessage(runId), default);
        var published = await pipeline.Store.ListArtifactsAsync(runId);
        await pipeline.Report.RunAsync(new ReportMessage(runId), default);

        var run = await pipeline.Store.GetRunAsync(runId);
        run!.Status.ShouldBe(RunStatus.Passed);
        run.ReportStage.ShouldBe(BuildReportFunction.Published);
        stagesSeen.ShouldBe([BuildReportFunction.Merged, BuildReportFunction.Judged, BuildReportFunction.Rendered, BuildReportFunction.Published]);
        (await pipeline.Store.ListArtifactsAsync(runId)).Select(a => (a.Name, a.ETag)).ShouldBe(published.Select(a => (a.Name, a.ETag)));
        published.Select(a => a.Name).ShouldContain("report.json");
    }

    [Fact]
    public async Task A_second_run_of_the_same_plan_is_compared_with_the_last_passed_one()
    {
        var first = await pipeline.ReportableRunAsync();
        await pipeline.Report.RunAsync(new ReportMessage(first), default);
        var second = await pipeline.ReportableRunAsync();

        await pipeline.Report.RunAsync(new ReportMessage(second), default);

        using var report = JsonDocument.Parse(await ArtifactTextAsync(second, "report.json"));
        report.RootElement.GetProperty("baseline").GetProperty("baselineRunId").GetString().ShouldBe(first);
        (await ArtifactTextAsync(second, "report.md")).ShouldContain($"Compared with baseline {first}");
    }

    [Fact]
    public async Task A_finished_run_is_rebuilt_from_its_rows()
    {
        var runId = await pipeline.ReportableRunAsync();
        await pipeline.Report.RunAsync(new ReportMessage(runId), default);
        await pipeline.Store.Reports.DeleteBlobIfExistsAsync($"{runId}/report.md");

        var rebuilt = await pipeline.Report.RebuildAsync(runId, default);

        rebuilt!.Status.ShouldBe(RunStatus.Passed);
        (await ArtifactTextAsync(runId, "report.md")).ShouldContain("Verdict: PASSED");
    }

    [Fact]
    public async Task A_run_still_in_progress_cannot_be_rebuilt()
    {
        var runId = await pipeline.StartAsync(slices: 1);
        await Should.ThrowAsync<InvalidOperationException>(() => pipeline.Report.RebuildAsync(runId, default));
    }

    private async Task<string> ArtifactTextAsync(string runId, string name) =>
        Encoding.UTF8.GetString((await pipeline.Store.GetArtifactAsync(runId, name))!.Data);
}
