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
        RunUsersAsync(slice, scenario, ScenarioShare.Vus(scenario, slice.Index, slice.Count), _ => () => true, ct);

    public static Task RunPerVuIterationsAsync(SliceContext slice, Scenario scenario, CancellationToken ct) =>
        RunUsersAsync(
            slice,
            scenario,
            ScenarioShare.Vus(scenario, slice.Index, slice.Count),
            _ =>
            {
                var left = scenario.Iterations;
                return () => left-- > 0;
            },
            ct);

    public static Task RunSharedIterationsAsync(SliceContext slice, Scenario scenario, CancellationToken ct)
    {
        var iterations = ScenarioShare.Iterations(scenario, slice.Index, slice.Count);
        var vus = (int)Math.Min(ScenarioShare.Vus(scenario, slice.Index, slice.Count), iterations);
        var left = iterations;
        return RunUsersAsync(slice, scenario, vus, _ => () => Interlocked.Decrement(ref left) >= 0, ct);
    }

    /// <summary>Starts <paramref name="vus"/> users at the scenario's begin, each iterating while its rule allows.</summary>
    private static async Task RunUsersAsync(SliceContext slice, Scenario scenario, int vus, Func<int, Func<bool>> ruleFor, CancellationToken ct)
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
            users[vu] = run.RunClosedUserAsync(run.CreateUser(vu), ruleFor(vu));
        }

        await Task.WhenAll(users).ConfigureAwait(false);
    }
}
