using System.Diagnostics;
using ServerlessLoad.Core.Runs;
using Xunit.Abstractions;

namespace ServerlessLoad.EndToEnd.Tests.Faults;

/// <summary>Azurite stopped for 10 s mid-run and started again on the same data.</summary>
[Collection(FaultCollection.Name)]
public sealed class StorageOutageTests(FaultStack stack, ITestOutputHelper output)
{
    [Fact]
    public async Task Runners_keep_measuring_through_a_storage_outage_and_the_run_completes_with_every_second_present()
    {
        // Leases as long as the default (30 s) outlast the outage, so the slices stay with their runners.
        await stack.UseRunnersAsync(2, new Dictionary<string, string> { ["Sload__VisibilityTimeoutSeconds"] = "30" });
        await using var target = await FaultPlans.TargetAsync();
        const int Seconds = 22;
        var runId = await stack.SubmitAsync(FaultPlans.Constant(target, "outage", slices: 2, vus: 2, seconds: Seconds));
        await stack.WaitForStoredSecondsAsync(runId, 0, 3, TimeSpan.FromSeconds(30));
        await stack.WaitForStoredSecondsAsync(runId, 1, 3, TimeSpan.FromSeconds(30));
        var servedBefore = target.TotalServed;

        await stack.Azurite.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(10));
        var servedDuringOutage = target.TotalServed - servedBefore;
        await stack.Azurite.StartAgainAsync();
        var restartedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await stack.WaitForSliceAsync(runId, 0, s => s.Heartbeat > restartedAt, TimeSpan.FromSeconds(30));
        await stack.WaitForSliceAsync(runId, 1, s => s.Heartbeat > restartedAt, TimeSpan.FromSeconds(30));
        var recovery = clock.Elapsed;

        var run = await stack.WaitForFinalAsync(runId, TimeSpan.FromSeconds(90));
        var report = await stack.ReportAsync(runId);
        var rows = await FaultPlans.RowsAsync(stack.Store, runId, 2);
        output.WriteLine(stack.Logs());

        servedDuringOutage.ShouldBeGreaterThan(100, "the runners kept measuring while storage was down");
        run.GetProperty("status").GetString().ShouldBe(RunStatus.Passed);
        report.Slices.ShouldAllBe(s => s.Status == SliceStatus.Completed && s.Attempt == 1);
        report.MissingSeconds.ShouldBe(0);
        foreach (var slice in new[] { 0, 1 })
        {
            rows.Where(r => r.Slice == slice).Select(r => r.Second).Order().Take(Seconds)
                .ShouldBe(Enumerable.Range(0, Seconds).Select(s => (long)s), $"slice {slice} has a row for every second");
        }

        report.Requests.ShouldBe(target.TotalServed, "every request measured during the outage was stored afterwards");
        FaultPlans.Result(output, "Azurite stopped 10 s mid-run", "1/1 (passed)", report.MissingSeconds, report.Requests - target.TotalServed, recovery);
    }

    [Fact]
    public async Task A_runner_killed_while_storage_is_down_is_taken_over_once_storage_is_back_and_the_live_slice_is_left_alone()
    {
        await stack.UseRunnersAsync(3);
        await using var target = await FaultPlans.TargetAsync();
        var runId = await stack.SubmitAsync(FaultPlans.ArrivalRate(target, "outage-kill", slices: 2, rate: 100, seconds: 24) + "\nmaxMissingLoad: 100%\n");
        var doomed = await stack.WaitForStoredSecondsAsync(runId, 0, 3, TimeSpan.FromSeconds(30));
        await stack.WaitForStoredSecondsAsync(runId, 1, 3, TimeSpan.FromSeconds(30));
        var victim = stack.RunnerHolding(doomed);

        await stack.Azurite.StopAsync();
        await victim.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(5));
        await stack.Azurite.StartAgainAsync();
        var restartedAt = DateTimeOffset.UtcNow;
        var takenOver = await stack.WaitForSliceAsync(runId, 0, s => s.Attempt == 2, TimeSpan.FromSeconds(30));
        var takeover = DateTimeOffset.UtcNow - restartedAt;
        await stack.WaitForFinalAsync(runId, TimeSpan.FromSeconds(90));
        var report = await stack.ReportAsync(runId);
        var rows = await FaultPlans.RowsAsync(stack.Store, runId, 2);
        output.WriteLine(stack.Logs());

        takenOver.Runner.ShouldNotBe(victim.RunnerId);
        takeover.ShouldBeLessThan(TimeSpan.FromSeconds(10), "silence is counted from when storage is reachable again");
        report.Slices.Single(s => s.Index == 1).Attempt.ShouldBe(1, "the live slice, silent only because storage was, was not taken over");
        report.Slices.Single(s => s.Index == 1).Missing.Where(m => !m.Reason.Contains("started late", StringComparison.Ordinal)).ShouldBeEmpty();
        FaultPlans.OverlappingAttempts(rows).ShouldBe(0);
        report.LatencyP99Ms.ShouldBeLessThan(1_000);
        report.DroppedArrivals.ShouldBe(0);
        report.Requests.ShouldBe(rows.Sum(r => r.TotalRequests));
        FaultPlans.Result(output, "runner SIGKILL while Azurite is down", "1/1 (passed within maxMissingLoad)", report.MissingSeconds, 0, takeover);
    }
}
