using System.Diagnostics;
using ServerlessLoad.Core.Runs;
using Xunit.Abstractions;

namespace ServerlessLoad.EndToEnd.Tests.Faults;

/// <summary>
/// A runner killed (SIGKILL) mid-slice costs seconds, never the truth: its slice was on a runner of its own, an idle
/// runner takes it over within seconds (missed heartbeats, not an expired lease), from a whole second on, so nothing
/// planned for the seconds nobody ran shows up as late requests or dropped arrivals; the report says what is missing.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class RunnerKillTests(FaultStack stack, ITestOutputHelper output)
{
    /// <summary>The budget is 5 s from the kill to the slice's load at the target; a busy test machine gets a second more.</summary>
    private static readonly TimeSpan TakeoverBudget = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task An_arrival_rate_slice_is_taken_over_in_seconds_with_no_late_requests_or_dropped_arrivals()
    {
        var runners = await stack.UseRunnersAsync(3);
        await using var target = await FaultPlans.TargetAsync();
        var runId = await stack.SubmitAsync(FaultPlans.ArrivalRate(target, "kill-open", slices: 2, rate: 200, seconds: 16));

        var first = await stack.WaitForStoredSecondsAsync(runId, 0, 4, TimeSpan.FromSeconds(30));
        var other = await stack.WaitForSliceAsync(runId, 1, s => s.Status == SliceStatus.Running, TimeSpan.FromSeconds(5));
        var victim = stack.RunnerHolding(first);
        var killedAt = DateTimeOffset.UtcNow;
        await victim.KillAsync();
        var takenOver = await stack.WaitForSliceAsync(runId, 0, s => s.Attempt == 2, TimeSpan.FromSeconds(20));
        await stack.WaitForFinalAsync(runId, TimeSpan.FromSeconds(60));
        var loadBack = FaultPlans.LoadBackAfter(target, killedAt);
        var report = await stack.ReportAsync(runId);
        var rows = await FaultPlans.RowsAsync(stack.Store, runId, 2);
        output.WriteLine(stack.Logs());

        // Spread: the two slices ran on two runners, and the idle third one took the killed runner's slice over.
        other.Runner.ShouldNotBe(first.Runner);
        takenOver.Runner.ShouldNotBe(victim.RunnerId);
        takenOver.Runner.ShouldNotBe(other.Runner);
        loadBack.ShouldNotBeNull().ShouldBeLessThan(TakeoverBudget, "from the kill to the slice's load at the target again");

        // Nothing invented: a 2 ms endpoint answers in milliseconds, before and after the takeover, and every arrival found
        // a VU. Arrivals of the seconds nobody ran, counted late, would take seconds (the takeover's gap); the bounds leave
        // room for a busy two-core machine's stalls of a few hundred milliseconds.
        report.LatencyP99Ms.ShouldBeLessThan(1_000);
        report.LatencyMaxMs.ShouldBeLessThan(2_500);
        report.DroppedArrivals.ShouldBe(0);
        FaultPlans.OverlappingAttempts(rows).ShouldBe(0);
        var slice = report.Slices.Single(s => s.Index == 0);
        (slice.Status, slice.Attempt).ShouldBe((SliceStatus.Completed, 2), "the killed attempt's own message, back after its lease, was dropped");
        var gap = slice.Missing.Where(m => m.Reason.Contains("attempt 1 stopped before storing", StringComparison.Ordinal)).ShouldHaveSingleItem();
        gap.To.ShouldBe(takenOver.ResumeFrom - 1);

        // Counts: what the rows hold, and what the target served minus the killed runner's unstored last second(s).
        report.Requests.ShouldBe(rows.Sum(r => r.TotalRequests));
        (target.TotalServed - report.Requests).ShouldBeInRange(0, 2 * 100, "at most the killed runner's unstored second(s) of 100 arrivals");

        // An honest verdict: seconds of one slice out of 32 slice-seconds are more than the 1% tolerated.
        report.Verdict.ShouldBe(RunStatus.Errored);
        report.Errors.ShouldContain(e => e.Contains("slice-seconds missing", StringComparison.Ordinal) && e.Contains("slice 0", StringComparison.Ordinal) && e.Contains("runner lost", StringComparison.Ordinal));
        FaultPlans.Result(output, "runner SIGKILL mid-slice (arrival rate)", "1/1 (errored: missing load)", gap.To - gap.From + 1, 0, loadBack);
    }

    [Fact]
    public async Task A_closed_model_slice_is_taken_over_in_seconds_and_its_counts_reconcile_with_the_target()
    {
        await stack.UseRunnersAsync(3);
        await using var target = await FaultPlans.TargetAsync();
        var runId = await stack.SubmitAsync(
            FaultPlans.Constant(target, "kill-closed", slices: 2, vus: 4, seconds: 14, path: "/work?ms=2") + "\nmaxMissingLoad: 50%\n");

        var first = await stack.WaitForStoredSecondsAsync(runId, 0, 3, TimeSpan.FromSeconds(30));
        var victim = stack.RunnerHolding(first);
        var killedAt = DateTimeOffset.UtcNow;
        await victim.KillAsync();
        var run = await stack.WaitForFinalAsync(runId, TimeSpan.FromSeconds(60));
        var loadBack = FaultPlans.LoadBackAfter(target, killedAt);
        var report = await stack.ReportAsync(runId);
        var rows = await FaultPlans.RowsAsync(stack.Store, runId, 2);
        output.WriteLine(stack.Logs());

        loadBack.ShouldNotBeNull().ShouldBeLessThan(TakeoverBudget);
        report.LatencyP99Ms.ShouldBeLessThan(1_000);
        FaultPlans.OverlappingAttempts(rows).ShouldBe(0);
        report.Requests.ShouldBe(rows.Sum(r => r.TotalRequests));
        report.Requests.ShouldBeLessThanOrEqualTo(target.TotalServed);

        // Within the plan's tolerance the run passes, and says what is missing.
        run.GetProperty("status").GetString().ShouldBe(RunStatus.Passed);
        report.Warnings.ShouldHaveSingleItem().ShouldContain("within the 50% allowed");
        FaultPlans.Result(output, "runner SIGKILL mid-slice (closed model)", "1/1 (passed within maxMissingLoad)", report.MissingSeconds, 0, loadBack);
    }

    [Fact]
    public async Task A_frozen_runner_resumed_after_its_slice_was_taken_over_stops_without_writing_seconds_it_no_longer_owns()
    {
        var runners = await stack.UseRunnersAsync(2);
        await using var target = await FaultPlans.TargetAsync();
        var runId = await stack.SubmitAsync(FaultPlans.ArrivalRate(target, "freeze", slices: 1, rate: 100, seconds: 14));

        var first = await stack.WaitForStoredSecondsAsync(runId, 0, 3, TimeSpan.FromSeconds(30));
        var frozen = stack.RunnerHolding(first);
        frozen.Signal(Signal.Stop);
        try
        {
            var takenOver = await stack.WaitForSliceAsync(runId, 0, s => s.Attempt == 2, TimeSpan.FromSeconds(20));
            frozen.Signal(Signal.Cont);
            (await frozen.Tracker.WaitForOutputAsync("took over from second", TimeSpan.FromSeconds(20))).ShouldBeTrue(frozen.Tracker.OutputSummary);
            await stack.WaitForFinalAsync(runId, TimeSpan.FromSeconds(60));
            var rows = await FaultPlans.RowsAsync(stack.Store, runId, 1);
            output.WriteLine(stack.Logs());

            FaultPlans.OverlappingAttempts(rows).ShouldBe(0);
            rows.Where(r => r.Attempt == 1).ShouldAllBe(r => r.Second < takenOver.ResumeFrom, "the frozen attempt wrote only seconds before the takeover's");
            rows.Where(r => r.Attempt == 2).Min(r => r.Second).ShouldBeGreaterThanOrEqualTo(takenOver.ResumeFrom);
            (await stack.ReportAsync(runId)).Slices.ShouldHaveSingleItem().Attempt.ShouldBe(2);
        }
        finally
        {
            frozen.Signal(Signal.Cont);
        }
    }

    [Theory]
    [InlineData("first")]
    [InlineData("last")]
    public async Task A_runner_dying_in_its_slices_first_or_last_second_costs_only_that_slices_seconds(string when)
    {
        await stack.UseRunnersAsync(2);
        await using var target = await FaultPlans.TargetAsync();
        const int seconds = 8;
        var runId = await stack.SubmitAsync(FaultPlans.ArrivalRate(target, $"kill-{when}", slices: 1, rate: 100, seconds: seconds) + "\nmaxMissingLoad: 100%\n");

        var running = when == "first"
            ? await stack.WaitForSliceAsync(runId, 0, s => s.Status == SliceStatus.Running, TimeSpan.FromSeconds(30))
            : await stack.WaitForStoredSecondsAsync(runId, 0, seconds - 2, TimeSpan.FromSeconds(30));
        if (when == "first")
        {
            // A slice killed before its timeline began loses nothing (its takeover starts at second 0): kill it in second 0.
            // The start is set once the barrier opens (every slice has a ready runner): read it once it is.
            DateTimeOffset? startAt = null;
            for (var tries = 0; startAt is null && tries < 300; tries++)
            {
                startAt = (await stack.Store.GetRunAsync(runId))!.StartAt;
                if (startAt is null)
                {
                    await Task.Delay(100);
                }
            }

            startAt.ShouldNotBeNull("the run's start barrier opened");
            var wait = startAt.Value + TimeSpan.FromMilliseconds(300) - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
        }

        await stack.RunnerHolding(running).KillAsync();
        var run = await stack.WaitForFinalAsync(runId, TimeSpan.FromSeconds(60));
        var report = await stack.ReportAsync(runId);
        var rows = await FaultPlans.RowsAsync(stack.Store, runId, 1);
        output.WriteLine(stack.Logs());

        run.GetProperty("status").GetString().ShouldBe(RunStatus.Passed);
        var slice = report.Slices.ShouldHaveSingleItem();
        (slice.Status, slice.Attempt).ShouldBe((SliceStatus.Completed, 2));
        FaultPlans.OverlappingAttempts(rows).ShouldBe(0);
        report.LatencyP99Ms.ShouldBeLessThan(1_000);
        report.DroppedArrivals.ShouldBe(0);
        report.Requests.ShouldBe(rows.Sum(r => r.TotalRequests));
        slice.Missing.ShouldNotBeEmpty();
        (report.Requests + (report.MissingSeconds * 100)).ShouldBeGreaterThanOrEqualTo(target.TotalServed, "every request the target served is reported or inside a missing second");
    }
}
