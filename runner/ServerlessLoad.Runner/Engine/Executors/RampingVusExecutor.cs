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

        var gate = new RampGate(run, changes[0].Vus, peak);
        var users = Enumerable.Range(0, peak).Select(vu => run.RunUserAsync(run.CreateUser(vu), gate)).ToList();
        foreach (var (offset, vus) in changes.Skip(1))
        {
            if (!await run.DelayUntilAsync(run.Begin + offset).ConfigureAwait(false))
            {
                break;
            }

            gate.Set(vus);
        }

        await run.DelayUntilAsync(run.End).ConfigureAwait(false);
        gate.Finish();
        await Task.WhenAll(users).ConfigureAwait(false);
    }

    /// <summary>
    /// The slice's current VU target: VUs numbered below it iterate, the others wait for a change. Counts a VU as
    /// active while it may iterate.
    /// </summary>
    private sealed class RampGate(ScenarioRun run, int initial, int peak) : IterationGate
    {
        private readonly Lock gate = new();
        private readonly bool[] active = new bool[peak];
        private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile int vus = initial;
        private volatile bool finished;

        public override ValueTask<long> NextAsync(VirtualUser user)
        {
            if (!run.MayStartIteration || finished)
            {
                SetActive(user, false);
                return new(Leave);
            }

            if (user.Number < vus)
            {
                SetActive(user, true);
                return new(0);
            }

            return WaitForTurnAsync(user);
        }

        public override bool AfterIteration(VirtualUser user, bool stopped)
        {
            if (stopped)
            {
                SetActive(user, false);
            }

            return !stopped;
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

        private async ValueTask<long> WaitForTurnAsync(VirtualUser user)
        {
            while (true)
            {
                // Take the change signal before reading the target: a change in between then wakes us at once.
                Task next;
                lock (gate)
                {
                    next = changed.Task;
                }

                if (!run.MayStartIteration || finished)
                {
                    SetActive(user, false);
                    return Leave;
                }

                if (user.Number < vus)
                {
                    SetActive(user, true);
                    return 0;
                }

                SetActive(user, false);
                await next.WaitAsync(run.Stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        private void SetActive(VirtualUser user, bool now)
        {
            bool changedState;
            lock (gate)
            {
                changedState = active[user.Number] != now;
                active[user.Number] = now;
            }

            if (changedState)
            {
                run.Recorder.AddActiveVus(now ? 1 : -1);
            }
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
