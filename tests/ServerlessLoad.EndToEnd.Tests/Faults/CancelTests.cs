using System.Net;
using ServerlessLoad.Core.Runs;
using Xunit.Abstractions;

namespace ServerlessLoad.EndToEnd.Tests.Faults;

/// <summary>`sload cancel` and POST /api/runs/{id}/cancel.</summary>
[Collection(FaultCollection.Name)]
public sealed class CancelTests(FaultStack stack, ITestOutputHelper output)
{
    [Fact]
    public async Task Sload_cancel_stops_every_runner_within_two_seconds_and_the_run_is_reported_as_cancelled_with_what_ran()
    {
        await stack.UseRunnersAsync(2);
        await using var target = await FaultPlans.TargetAsync();
        var runId = await stack.SubmitAsync(FaultPlans.Constant(target, "cancel", slices: 2, vus: 4, seconds: 30, path: "/work?ms=10"));
        await stack.WaitForStoredSecondsAsync(runId, 0, 3, TimeSpan.FromSeconds(30));
        await stack.WaitForStoredSecondsAsync(runId, 1, 3, TimeSpan.FromSeconds(30));

        var (code, text) = await stack.Cli.RunAsync(TimeSpan.FromSeconds(90), "cancel", runId);
        output.WriteLine(text);
        var run = await stack.WaitForFinalAsync(runId, TimeSpan.FromSeconds(30));
        var report = await stack.ReportAsync(runId);
        var rows = await FaultPlans.RowsAsync(stack.Store, runId, 2);
        var cancelledAt = run.GetProperty("cancelRequestedAt").GetDateTimeOffset();
        var lastServed = await FaultPlans.LastServedAtAsync(target);
        output.WriteLine(stack.Logs());

        code.ShouldBe(0, text);
        text.ShouldContain($"Run {runId} cancelled");
        run.GetProperty("status").GetString().ShouldBe(RunStatus.Cancelled);
        var stopped = lastServed!.Value - cancelledAt;
        stopped.ShouldBeLessThan(TimeSpan.FromSeconds(2), "every runner stops generating within 2 s");
        report.Verdict.ShouldBe(RunStatus.Cancelled);
        report.Slices.Select(s => s.Status).ShouldBe([SliceStatus.Cancelled, SliceStatus.Cancelled]);
        report.MissingSeconds.ShouldBe(0);

        // What ran is kept: every request the target answered is in the report, but for the ones in flight at the stop.
        report.Requests.ShouldBe(rows.Sum(r => r.TotalRequests));
        report.Requests.ShouldBeGreaterThan(0);
        (target.TotalServed - report.Requests).ShouldBeInRange(0, 4, "at most one request per virtual user was cut short");
        FaultPlans.Result(output, "cancel (sload cancel)", "1/1 (cancelled)", 0, 0, stopped);
    }

    [Fact]
    public async Task A_run_no_runner_picked_up_is_cancelled_without_runners_and_a_second_cancel_is_refused()
    {
        await stack.StopRunnersAsync();
        await using var target = await FaultPlans.TargetAsync();
        var runId = await stack.SubmitAsync(FaultPlans.Constant(target, "cancel-waiting", slices: 3, vus: 3, seconds: 5));
        await FaultStack.WaitUntilAsync(
            async () => (await stack.GetRunAsync(runId))?.GetProperty("status").GetString() == RunStatus.Running,
            TimeSpan.FromSeconds(20),
            () => "the run was never planned");

        using var cancel = await stack.Api.PostAsync(new Uri($"/api/runs/{runId}/cancel", UriKind.Relative), null);
        var run = await stack.WaitForFinalAsync(runId, TimeSpan.FromSeconds(20));
        var report = await stack.ReportAsync(runId);
        using var again = await stack.Api.PostAsync(new Uri($"/api/runs/{runId}/cancel", UriKind.Relative), null);
        using var unknown = await stack.Api.PostAsync(new Uri("/api/runs/no-such-run/cancel", UriKind.Relative), null);

        cancel.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        run.GetProperty("status").GetString().ShouldBe(RunStatus.Cancelled);
        report.Verdict.ShouldBe(RunStatus.Cancelled);
        report.Requests.ShouldBe(0);
        report.Slices.ShouldAllBe(s => s.Status == SliceStatus.Cancelled && s.Attempt == 0);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        target.TotalServed.ShouldBe(0);
    }
}
