using System.Diagnostics;
using ServerlessLoad.Core.Runs;
using Xunit.Abstractions;

namespace ServerlessLoad.EndToEnd.Tests.Faults;

/// <summary>Runners frozen (SIGSTOP) mid-slice: the watchdog marks the slice lost and the run finishes, errored.</summary>
[Collection(FaultCollection.Name)]
public sealed class WatchdogTests(FaultStack stack, ITestOutputHelper output)
{
    [Fact]
    public async Task A_slice_silent_for_two_leases_is_lost_the_run_errors_naming_it_and_its_runner_cannot_bring_it_back()
    {
        var runners = await stack.UseRunnersAsync(2);
        await using var target = await FaultPlans.TargetAsync();
        var runId = await stack.SubmitAsync(FaultPlans.Constant(target, "watchdog", slices: 1, vus: 1, seconds: 30));
        await stack.WaitForStoredSecondsAsync(runId, 0, 2, TimeSpan.FromSeconds(30));

        foreach (var runner in runners)
        {
            runner.Signal(Signal.Stop);
        }

        var clock = Stopwatch.StartNew();
        try
        {
            var run = await stack.WaitForFinalAsync(runId, TimeSpan.FromSeconds(45));
            var finishedAfter = clock.Elapsed;
            var report = await stack.ReportAsync(runId);
            var rows = await FaultPlans.RowsAsync(stack.Store, runId, 1);
            var lostRow = await stack.Store.GetSliceAsync(runId, 0);

            foreach (var runner in runners)
            {
                runner.Signal(Signal.Cont);
            }

            // The frozen runner wakes up, finds its slice lost and stops; the row and the run stay as the watchdog left them.
            var holder = runners.Single(r => r.RunnerId == lostRow!.Runner);
            (await holder.Tracker.WaitForOutputAsync("was ended elsewhere (lost)", TimeSpan.FromSeconds(20))).ShouldBeTrue(holder.Tracker.OutputSummary);
            await Task.Delay(TimeSpan.FromSeconds(1));
            var rowAfter = await stack.Store.GetSliceAsync(runId, 0);
            var runAfter = await stack.Store.GetRunAsync(runId);
            output.WriteLine(stack.Logs());

            run.GetProperty("status").GetString().ShouldBe(RunStatus.Errored);
            run.GetProperty("error").GetString().ShouldStartWith("slice 0 lost: no heartbeat");
            // Two leases of silence, then the report (whose charts take seconds on a busy two-core machine).
            finishedAfter.ShouldBeLessThan(TimeSpan.FromSeconds((2 * FaultStack.VisibilityTimeoutSeconds) + 20));
            report.Verdict.ShouldBe(RunStatus.Errored);
            report.Errors[0].ShouldContain("slice 0 lost");
            report.Errors.Skip(1).ShouldAllBe(e => e.Contains("slice-seconds missing", StringComparison.Ordinal), "the lost slice's planned seconds count as missing load");
            var slice = report.Slices.ShouldHaveSingleItem();
            slice.Status.ShouldBe(SliceStatus.Lost);
            report.Requests.ShouldBe(rows.Sum(r => r.TotalRequests));
            // A busy machine may also start the slice a second late; that gap has a reason of its own.
            var gap = slice.Missing.Where(m => m.Reason.Contains("the slice was lost", StringComparison.Ordinal)).ShouldHaveSingleItem();
            gap.From.ShouldBe(rows.Max(r => r.Second) + 1);
            rowAfter!.Status.ShouldBe(SliceStatus.Lost);
            rowAfter.ETag.ShouldBe(lostRow!.ETag);
            runAfter!.Status.ShouldBe(RunStatus.Errored);
            FaultPlans.Result(output, "all runners frozen (watchdog)", "1/1 (errored, slice 0 lost)", gap.To - gap.From + 1, 0, finishedAfter);
        }
        finally
        {
            foreach (var runner in runners.Where(r => r.IsAlive))
            {
                runner.Signal(Signal.Cont);
            }
        }
    }
}
