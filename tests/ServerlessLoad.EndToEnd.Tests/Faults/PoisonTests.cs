using ServerlessLoad.Core.Messages;
using ServerlessLoad.Core.Runs;
using Xunit.Abstractions;

namespace ServerlessLoad.EndToEnd.Tests.Faults;

/// <summary>
/// A handler that fails every time: the host moves the message to &lt;queue&gt;-poison, where the poison function errors
/// the run with the last failure recorded.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class PoisonTests(FaultStack stack, ITestOutputHelper output)
{
    [Fact]
    public async Task A_report_that_fails_five_times_goes_to_the_poison_queue_and_sload_runs_shows_the_run_errored_with_the_reason()
    {
        await stack.UseRunnersAsync(2);
        await using var target = await FaultPlans.TargetAsync();
        var runId = await stack.SubmitAsync(FaultPlans.Constant(target, "poison", slices: 1, vus: 1, seconds: 3));
        await stack.WaitForSliceAsync(runId, 0, s => s.Status == SliceStatus.Running, TimeSpan.FromSeconds(30));

        // The runner has read the plan; without it BuildReport fails on every delivery.
        await stack.Store.Plans.DeleteBlobIfExistsAsync($"{runId}/plan.yaml");
        var run = await stack.WaitForFinalAsync(runId, TimeSpan.FromSeconds(60));
        var (code, text) = await stack.Cli.RunAsync(TimeSpan.FromSeconds(60), "runs", "--top", "50");
        var poisonQueue = stack.Store.Queue(QueueNames.Poison(stack.Store.QueueNames.Reports));
        output.WriteLine(text);
        output.WriteLine(stack.Logs());

        run.GetProperty("status").GetString().ShouldBe(RunStatus.Errored);
        var error = run.GetProperty("error").GetString()!;
        error.ShouldStartWith("reports message moved to reports-poison: failed 5 times; last error: BuildReport: The plan of run");
        error.ShouldContain("is missing");
        (await poisonQueue.PeekMessagesAsync(32)).Value.ShouldBeEmpty("the poison function handled the poisoned message");
        stack.Logs().ShouldContain($"moved to reports-poison");
        code.ShouldBe(0, text);
        var line = text.Split('\n').First(l => l.Contains(runId, StringComparison.Ordinal));
        line.ShouldContain("errored");
        line.ShouldContain("reports message moved to");
        FaultPlans.Result(output, "handler failing 5 times (poison)", "1/1 (errored, reason shown)", 0, 0, null);
    }
}
