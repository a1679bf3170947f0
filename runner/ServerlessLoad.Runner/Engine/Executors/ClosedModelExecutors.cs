using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Slicing;

namespace ServerlessLoad.Runner.Engine.Executors;

/// <summary>
/// The closed-model executors with a fixed set of VUs, each VU sending its next request when the last one finished
/// (after the think time): constant-vus for a duration, per-vu-iterations and shared-iterations until the iterations
/// are done (or maxDuration passes).
/// </summary>
internal static class ClosedModelExecutors
{
    public static Task RunConstantVusAsync(SliceContext slice, Scenario scenario, CancellationToken ct) =>
        RunUsersAsync(slice, scenario, ScenarioShare.Vus(scenario, slice.Index, slice.Count), static () => () => true, ct);

    public static Task RunPerVuIterationsAsync(SliceContext slice, Scenario scenario, CancellationToken ct) =>
        ResumedMidScenario(slice, scenario) ? Task.CompletedTask : RunUsersAsync(
            slice,
            scenario,
            ScenarioShare.Vus(scenario, slice.Index, slice.Count),
            () =>
            {
                var left = scenario.Iterations;
                return () => left-- > 0;
            },
            ct);

    public static Task RunSharedIterationsAsync(SliceContext slice, Scenario scenario, CancellationToken ct)
    {
        if (ResumedMidScenario(slice, scenario))
        {
            return Task.CompletedTask;
        }

        var iterations = ScenarioShare.Iterations(scenario, slice.Index, slice.Count);
        var vus = (int)Math.Min(ScenarioShare.Vus(scenario, slice.Index, slice.Count), iterations);
        var left = iterations;
        return RunUsersAsync(slice, scenario, vus, () => () => Interlocked.Decrement(ref left) >= 0, ct);
    }

    /// <summary>
    /// A takeover that resumes after an iterations scenario began does not run it again: how many of its iterations the
    /// earlier attempt completed is not known, and running them all again would send load nobody planned. The seconds
    /// the earlier attempt did not store are reported missing like any other.
    /// </summary>
    private static bool ResumedMidScenario(SliceContext slice, Scenario scenario) =>
        slice.ResumeAt > slice.StartAt + scenario.StartTime;

    /// <summary>Starts <paramref name="vus"/> users at the scenario's begin, each iterating while its own rule allows.</summary>
    private static async Task RunUsersAsync(SliceContext slice, Scenario scenario, int vus, Func<Func<bool>> newRule, CancellationToken ct)
    {
        if (vus <= 0 || scenario.Length <= TimeSpan.Zero)
        {
            return;
        }

        using var run = new ScenarioRun(slice, scenario, vus, ct);
        if (!await run.DelayUntilAsync(run.Begin).ConfigureAwait(false))
        {
            return;
        }

        var users = new Task[vus];
        for (var vu = 0; vu < vus; vu++)
        {
            users[vu] = RunUserAsync(run, run.CreateUser(vu), new ClosedGate(run, newRule()));
        }

        await Task.WhenAll(users).ConfigureAwait(false);
    }

    private static async Task RunUserAsync(ScenarioRun run, VirtualUser user, ClosedGate gate)
    {
        run.Recorder.AddActiveVus(1);
        try
        {
            await run.RunUserAsync(user, gate).ConfigureAwait(false);
        }
        finally
        {
            run.Recorder.AddActiveVus(-1);
        }
    }

    /// <summary>Iterations back to back, from the send, while the scenario runs and the rule allows.</summary>
    private sealed class ClosedGate(ScenarioRun run, Func<bool> mayContinue) : IterationGate
    {
        public override ValueTask<long> NextAsync(VirtualUser user) =>
            new(run.MayStartIteration && mayContinue() ? 0 : Leave);

        public override bool AfterIteration(VirtualUser user, bool stopped) => !stopped;
    }
}
