using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Slicing;

namespace ServerlessLoad.Runner.Engine.Executors;

/// <summary>
/// ramping-vus: the slice's share of V(t) (<see cref="VuSchedule"/>) VUs run at every instant. VUs above the current
/// target finish their iteration and wait; they start again when the target rises.
/// </summary>
internal static class RampingVusExecutor
{
    public static async Task RunAsync(SliceContext slice, Scenario scenario, CancellationToken ct)
    {
        var changes = VuSchedule.SliceChanges(scenario, slice.Index, slice.Count).ToList();
        var peak = changes.Max(c => c.Vus);
        if (peak == 0)
        {
            return;
        }

        using var run = new ScenarioRun(slice, scenario, peak, ct);
        if (!await run.DelayUntilAsync(run.Begin).ConfigureAwait(false))
        {
            return;
        }

        var target = new Target(changes[0].Vus);
        var users = Enumerable.Range(0, peak).Select(vu => RunUserAsync(run, run.CreateUser(vu), target)).ToList();
        foreach (var (offset, vus) in changes.Skip(1))
        {
            if (!await run.DelayUntilAsync(run.Begin + offset).ConfigureAwait(false))
            {
                break;
            }

            target.Set(vus);
        }

        await run.DelayUntilAsync(run.End).ConfigureAwait(false);
        target.Finish();
        await Task.WhenAll(users).ConfigureAwait(false);
    }

    private static async Task RunUserAsync(ScenarioRun run, VirtualUser user, Target target)
    {
        var active = false;
        try
        {
            while (run.MayStartIteration && !target.Finished)
            {
                // Take the change signal before reading the target: a change in between then wakes us at once.
                var changed = target.Changed;
                if (user.Number >= target.Vus)
                {
                    if (active)
                    {
                        run.Recorder.AddActiveVus(-1);
                        active = false;
                    }

                    await changed.WaitAsync(run.Stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    continue;
                }

                if (!active)
                {
                    run.Recorder.AddActiveVus(1);
                    active = true;
                }

                if (!await run.IterateAsync(user, 0).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        finally
        {
            if (active)
            {
                run.Recorder.AddActiveVus(-1);
            }
        }
    }

    /// <summary>The slice's current VU target and a signal that fires whenever it changes.</summary>
    private sealed class Target(int initial)
    {
        private readonly Lock gate = new();
        private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile int vus = initial;
        private volatile bool finished;

        public int Vus => vus;

        public bool Finished => finished;

        public Task Changed
        {
            get
            {
                lock (gate)
                {
                    return changed.Task;
                }
            }
        }

        public void Set(int value)
        {
            vus = value;
            Signal();
        }

        public void Finish()
        {
            finished = true;
            Signal();
        }

        private void Signal()
        {
            TaskCompletionSource fired;
            lock (gate)
            {
                fired = changed;
                changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            fired.TrySetResult();
        }
    }
}
