using ServerlessLoad.Core.Runs;
using Xunit.Abstractions;

namespace ServerlessLoad.EndToEnd.Tests.Faults;

/// <summary>
/// The start barrier's readiness timeout with real processes: one runner that holds one slice at a time and a plan of
/// two slices. The second slice cannot have a ready runner before the first ends, so the run starts at the timeout with
/// the first slice, and the second is reported late: its seconds missing with the reason, the run errored.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class StartBarrierTests(FaultStack stack, ITestOutputHelper output)
{
    private const double ReadinessTimeoutSeconds = 3;

    [Fact]
    public async Task A_run_whose_slice_has_no_ready_runner_starts_at_the_readiness_timeout_and_reports_that_slice_late()
    {
        await stack.Functions.DisposeAsync();
        await stack.StartFunctionsAsync(new Dictionary<string, string> { ["Sload__ReadinessTimeoutSeconds"] = $"{ReadinessTimeoutSeconds}" });
        try
        {
            await stack.UseRunnersAsync(1, new Dictionary<string, string> { ["Sload__MaxSlicesPerRunner"] = "1" });
            await using var target = await FaultPlans.TargetAsync();
            var runId = await stack.SubmitAsync(FaultPlans.Constant(target, "barrier-timeout", slices: 2, vus: 2, seconds: 3));
            var final = await stack.WaitForFinalAsync(runId, TimeSpan.FromSeconds(60));
            var run = (await stack.Store.GetRunAsync(runId))!;
            var slices = await stack.Store.GetSlicesAsync(runId);
            var report = await stack.ReportAsync(runId);
            output.WriteLine(stack.Logs());

            final.GetProperty("status").GetString().ShouldBe(RunStatus.Errored);
            (run.StartAt!.Value - run.CreatedAt).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(ReadinessTimeoutSeconds));
            run.StartNote.ShouldNotBeNull().ShouldContain("readiness timeout passed");
            var ran = slices.Single(s => s.StartedAt < run.StartAt);
            run.StartNote.ShouldEndWith($"with 1 of 2 slice(s) ready; late: slice(s) {1 - ran.Index}");
            report.Slices[ran.Index].Missing.ShouldBeEmpty();
            var late = report.Slices[1 - ran.Index].Missing.ShouldHaveSingleItem();
            (late.From, late.To).ShouldBe((0L, 2L));
            late.Reason.ShouldContain("no runner was ready for it when the readiness timeout started the run");
            report.MissingLoad.ShouldNotBeNull().ShouldContain("3 of 6 slice-seconds missing");
            report.Requests.ShouldBe(target.TotalServed);
        }
        finally
        {
            await stack.Functions.DisposeAsync();
            await stack.StartFunctionsAsync();
        }
    }
}
