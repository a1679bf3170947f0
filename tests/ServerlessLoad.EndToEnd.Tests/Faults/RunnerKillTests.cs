using System.Diagnostics;
using ServerlessLoad.Core.Runs;
using Xunit.Abstractions;

namespace ServerlessLoad.EndToEnd.Tests.Faults;

/// <summary>A runner killed with SIGKILL mid-slice: its lease expires and another runner runs the rest of the timeline.</summary>
[Collection(FaultCollection.Name)]
public sealed class RunnerKillTests(FaultStack stack, ITestOutputHelper output)
{
    [Fact]
    public async Task A_killed_runners_slice_is_taken_over_for_the_seconds_still_to_come_and_nothing_is_counted_twice()
    {
        await stack.UseRunnersAsync(2);
        await using var target = await FaultPlans.TargetAsync();
        var runId = await stack.SubmitAsync(FaultPlans.Constant(target, "sigkill", slices: 1, vus: 2, seconds: 16));

        var running = await stack.WaitForStoredSecondsAsync(runId, 0, 3, TimeSpan.FromSeconds(30));
        var victim = stack.RunnerHolding(running);
        var killedAt = DateTimeOffset.UtcNow;
        await victim.KillAsync();
        var clock = Stopwatch.StartNew();
        var takenOver = await stack.WaitForSliceAsync(runId, 0, s => s.Attempt == 2, TimeSpan.FromSeconds(30));
        var recovery = clock.Elapsed;
        var run = await stack.WaitForFinalAsync(runId, TimeSpan.FromSeconds(60));
        var report = await stack.ReportAsync(runId);
        var rows = await FaultPlans.RowsAsync(stack.Store, runId, 1);
        output.WriteLine(stack.Logs());

        run.GetProperty("status").GetString().ShouldBe(RunStatus.Passed);
        takenOver.Runner.ShouldNotBe(victim.RunnerId);
        recovery.ShouldBeLessThan(TimeSpan.FromSeconds(FaultStack.VisibilityTimeoutSeconds + 4), "the message comes back when the lease expires");
        var slice = report.Slices.ShouldHaveSingleItem();
        (slice.Status, slice.Attempt).ShouldBe((SliceStatus.Completed, 2));

        // Attempt 1's rows all come before attempt 2's; between them the seconds nobody measured, listed with the reason.
        FaultPlans.OverlappingAttempts(rows).ShouldBe(0);
        var lastOfFirst = rows.Where(r => r.Attempt == 1).Max(r => r.Second);
        var firstOfSecond = rows.Where(r => r.Attempt == 2).Min(r => r.Second);
        firstOfSecond.ShouldBeInRange(takenOver.ResumeFrom, takenOver.ResumeFrom + 1, "attempt 2 starts in the second it claimed");
        // (A busy machine may also start the slice a second late; that gap has a reason of its own.)
        var gap = slice.Missing.Where(m => m.Reason.Contains("attempt 1 stopped before storing", StringComparison.Ordinal)).ShouldHaveSingleItem();
        (gap.From, gap.To).ShouldBe((lastOfFirst + 1, firstOfSecond - 1));
        rows.Max(r => r.Second).ShouldBeGreaterThanOrEqualTo(15, "attempt 2 ran the rest of the timeline");

        // No request counted twice: the report holds at most what the target served (the killed runner's unflushed
        // last second is the difference) and exactly what the rows hold.
        report.Requests.ShouldBe(rows.Sum(r => r.TotalRequests));
        report.Requests.ShouldBeLessThan(target.TotalServed);
        var killSecond = (long)Math.Floor((killedAt - run.GetProperty("startAt").GetDateTimeOffset()).TotalSeconds);
        FaultPlans.Result(output, "runner SIGKILL mid-slice", "1/1 (passed, attempt 2)", Math.Max(0, killSecond - lastOfFirst), 0, recovery);
    }
}
