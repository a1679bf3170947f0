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
}
