using ServerlessLoad.Core.Runs;
using Xunit.Abstractions;

namespace ServerlessLoad.EndToEnd.Tests.Faults;

/// <summary>Load on the pipeline itself: many runs at once, and more slices than runners can hold.</summary>
[Collection(FaultCollection.Name)]
public sealed class PipelineLoadTests(FaultStack stack, ITestOutputHelper output)
{
    [Fact]
    public async Task Fifty_small_runs_submitted_at_once_all_finish_with_correct_reports()
    {
        await stack.UseRunnersAsync(4, new Dictionary<string, string> { ["Sload__MaxSlicesPerRunner"] = "16" });
        await using var target = await FaultPlans.TargetAsync();
        // The load starts 5 s into each run's timeline: time for the pipeline to plan 50 runs and hand out their slices. A
        // slice that still starts late is reported with its missing seconds, which these plans tolerate.
        var plans = Enumerable.Range(0, 50).Select(i => FaultPlans.Constant(target, $"small-{i}", slices: 1, vus: 1, seconds: 1 + (i % 2), path: "/work?ms=50", startTime: 5) + "\nmaxMissingLoad: 100%\n");

        var runIds = await Task.WhenAll(plans.Select(stack.SubmitAsync));
        var runs = await stack.WaitForAllFinalAsync(runIds, TimeSpan.FromSeconds(240));
        var reports = await Task.WhenAll(runIds.Select(stack.ReportAsync));
        var artifacts = await Task.WhenAll(runIds.Select(id => stack.Store.ListArtifactsAsync(id)));
        var rows = await Task.WhenAll(runIds.Select(id => FaultPlans.RowsAsync(stack.Store, id, 1)));
        output.WriteLine(stack.Logs());

        runIds.Distinct().Count().ShouldBe(50);
        runs.Select(r => r.GetProperty("status").GetString()).ShouldAllBe(s => s == RunStatus.Passed);
        artifacts.ShouldAllBe(a => a.Any(x => x.Name == "report.json") && a.Any(x => x.Name == "report.md"));
        reports.Zip(rows).ShouldAllBe(pair => pair.First.Requests == pair.Second.Sum(r => r.TotalRequests));
        reports.Sum(r => r.Requests).ShouldBe(target.TotalServed);
        output.WriteLine($"{reports.Count(r => r.Requests > 0)} of 50 runs measured load; {reports.Sum(r => r.MissingSeconds)} planned seconds were not measured.");
        reports.Count(r => r.Requests > 0).ShouldBeGreaterThan(25);

        // On two busy cores some slices reach a runner after their one or two seconds are over: the report says so.
        reports.SelectMany(r => r.Slices).SelectMany(s => s.Missing).ShouldAllBe(m => m.Reason.Contains("not measured: the slice started"));
        FaultPlans.Result(output, "50 runs submitted at once", "50/50 (passed)", reports.Sum(r => r.MissingSeconds), reports.Sum(r => r.Requests) - target.TotalServed, null);
    }

    [Fact]
    public async Task A_run_of_64_slices_on_4_runners_works_through_its_backlog_and_finishes()
    {
        await stack.UseRunnersAsync(4);
        await using var target = await FaultPlans.TargetAsync();
        var runId = await stack.SubmitAsync(FaultPlans.Constant(target, "backlog", slices: 64, vus: 64, seconds: 3, path: "/work?ms=50") + "\nmaxMissingLoad: 100%\n");

        var run = await stack.WaitForFinalAsync(runId, TimeSpan.FromSeconds(120));
        var report = await stack.ReportAsync(runId);
        var rows = await FaultPlans.RowsAsync(stack.Store, runId, 64);
        output.WriteLine(stack.Logs());

        run.GetProperty("status").GetString().ShouldBe(RunStatus.Passed);
        report.Slices.Count.ShouldBe(64);
        report.Slices.ShouldAllBe(s => s.Status == SliceStatus.Completed && s.Attempt == 1);
        report.Requests.ShouldBe(rows.Sum(r => r.TotalRequests));
        report.Requests.ShouldBe(target.TotalServed);
        report.Slices.Count(s => s.Requests > 0).ShouldBeGreaterThanOrEqualTo(4, "the first wave (a slice on each runner, then packed ones) ran within the timeline");
        report.Slices.SelectMany(s => s.Missing).ShouldAllBe(m => m.Reason.Contains("not measured: the slice started"));
        FaultPlans.Result(output, "64 slices on 4 runners (backlog)", "1/1 (passed)", report.MissingSeconds, 0, null);
    }
}
