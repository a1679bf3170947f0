using System.Diagnostics;
using ServerlessLoad.Core.Runs;
using Xunit.Abstractions;

namespace ServerlessLoad.EndToEnd.Tests.Faults;

/// <summary>SIGTERM: processes stop in time and hand their work on; nothing is lost.</summary>
[Collection(FaultCollection.Name)]
public sealed class ShutdownTests(FaultStack stack, ITestOutputHelper output)
{
    [Fact]
    public async Task A_runner_given_sigterm_stops_within_two_seconds_flushes_and_its_slice_continues_elsewhere_at_once()
    {
        await stack.UseRunnersAsync(2);
        await using var target = await FaultPlans.TargetAsync();
        var runId = await stack.SubmitAsync(FaultPlans.Constant(target, "sigterm-runner", slices: 1, vus: 2, seconds: 12) + "\nmaxMissingLoad: 10%\n");
        var running = await stack.WaitForStoredSecondsAsync(runId, 0, 3, TimeSpan.FromSeconds(30));
        var victim = stack.RunnerHolding(running);

        var clock = Stopwatch.StartNew();
        victim.Signal(Signal.Term);
        (await victim.Tracker.WaitForExitAsync(TimeSpan.FromSeconds(10))).ShouldBeTrue(stack.Logs());
        var stoppedAfter = clock.Elapsed;
        var takenOver = await stack.WaitForSliceAsync(runId, 0, s => s.Attempt == 2, TimeSpan.FromSeconds(10));
        var handedOverAfter = clock.Elapsed;
        var run = await stack.WaitForFinalAsync(runId, TimeSpan.FromSeconds(60));
        var report = await stack.ReportAsync(runId);
        var rows = await FaultPlans.RowsAsync(stack.Store, runId, 1);
        output.WriteLine(stack.Logs());

        stoppedAfter.ShouldBeLessThan(TimeSpan.FromSeconds(2.5), "the runner stops within 2 s (plus process teardown)");
        handedOverAfter.ShouldBeLessThan(TimeSpan.FromSeconds(FaultStack.VisibilityTimeoutSeconds), "the message was released, not left to expire");
        takenOver.Runner.ShouldNotBe(victim.RunnerId);
        run.GetProperty("status").GetString().ShouldBe(RunStatus.Passed);
        FaultPlans.OverlappingAttempts(rows).ShouldBe(0);
        var lastOfFirst = rows.Where(r => r.Attempt == 1).Max(r => r.Second);
        // Attempt 2 starts right after attempt 1's last, partial second, or one second later when its claim crossed a
        // second's boundary on a busy machine (that one missing second of twelve is within the plan's 10%).
        takenOver.ResumeFrom.ShouldBeInRange(lastOfFirst + 1, lastOfFirst + 2, "attempt 1 flushed its last, partial second and attempt 2 starts after it");
        report.Slices.ShouldHaveSingleItem().Attempt.ShouldBe(2);
        (target.TotalServed - report.Requests).ShouldBeInRange(0, 2, "only requests in flight at the stop (one per virtual user) are not measured");
        FaultPlans.Result(output, "SIGTERM to a runner", "1/1 (passed, attempt 2)", report.MissingSeconds, 0, handedOverAfter);
    }

    [Fact]
    public async Task The_functions_host_given_sigterm_while_finishing_a_run_loses_nothing()
    {
        await stack.UseRunnersAsync(2);
        await using var target = await FaultPlans.TargetAsync();
        var runId = await stack.SubmitAsync(FaultPlans.Constant(target, "sigterm-host", slices: 2, vus: 2, seconds: 4));
        await stack.WaitForSliceAsync(runId, 0, s => s.Status == SliceStatus.Running, TimeSpan.FromSeconds(30));

        // Stop the host as the slices finish: their events (and maybe the report) are in flight or still queued.
        await stack.WaitForStoredSecondsAsync(runId, 0, 4, TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();
        stack.Functions.Signal(Signal.Term);
        (await stack.Functions.Tracker.WaitForExitAsync(TimeSpan.FromSeconds(15))).ShouldBeTrue(stack.Logs());
        var stoppedAfter = clock.Elapsed;
        await stack.WaitForSliceAsync(runId, 0, s => SliceStatus.IsTerminal(s.Status), TimeSpan.FromSeconds(30));
        await stack.WaitForSliceAsync(runId, 1, s => SliceStatus.IsTerminal(s.Status), TimeSpan.FromSeconds(30));
        var oldHost = stack.Functions;
        await stack.StartFunctionsAsync();
        var run = await stack.WaitForFinalAsync(runId, TimeSpan.FromSeconds(60));
        var recovered = clock.Elapsed;
        var report = await stack.ReportAsync(runId);
        var artifacts = await stack.Store.ListArtifactsAsync(runId);
        output.WriteLine(oldHost.Tracker.OutputSummary);
        output.WriteLine(stack.Logs());
        await oldHost.DisposeAsync();

        stoppedAfter.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        run.GetProperty("status").GetString().ShouldBe(RunStatus.Passed);
        report.Requests.ShouldBe(target.TotalServed);
        report.MissingSeconds.ShouldBe(0);
        artifacts.Select(a => a.Name).ShouldContain("report.json");
        (await stack.Store.GetRunAsync(runId))!.ReportStage.ShouldBe("published");
        FaultPlans.Result(output, "SIGTERM to the functions host", "1/1 (passed)", 0, report.Requests - target.TotalServed, recovered);
    }
}
