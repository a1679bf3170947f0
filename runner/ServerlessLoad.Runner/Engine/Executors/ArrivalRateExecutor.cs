using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Slicing;

namespace ServerlessLoad.Runner.Engine.Executors;

/// <summary>
/// constant-arrival-rate and ramping-arrival-rate (open model): iterations start at the planned instants of this
/// slice's arrivals (<see cref="ArrivalSchedule"/>), whatever the target's response times. Each arrival takes a free VU
/// (preAllocatedVUs are ready at the start; more are added up to maxVUs); an arrival that finds none is counted as
/// dropped. A request's latency counts from its planned instant, so a late dispatcher or a wait for a connection is
/// measured (coordinated omission), while its service time counts from the actual send.
/// </summary>
internal sealed class ArrivalRateExecutor : IterationGate
{
    private readonly Lock gate = new();
    private readonly Stack<VirtualUser> free = new();
    private readonly List<Task> users = [];
    private readonly ScenarioRun run;
    private readonly int maxVus;
    private int allocated;
    private bool leaving;

    private ArrivalRateExecutor(ScenarioRun run, int maxVus)
    {
        this.run = run;
        this.maxVus = maxVus;
    }

    public static async Task RunAsync(SliceContext slice, Scenario scenario, CancellationToken ct)
    {
        var arrivals = ArrivalSchedule.ForSlice(scenario, slice.Index, slice.Count);
        var maxVus = ScenarioShare.MaxVus(scenario, slice.Index, slice.Count);
        var connections = ScenarioShare.Connections(scenario, slice.Index, slice.Count) ?? maxVus;
        using var run = new ScenarioRun(slice, scenario, Math.Max(1, connections), ct);
        var executor = new ArrivalRateExecutor(run, maxVus);
        await executor.RunAsync(ScenarioShare.PreAllocatedVus(scenario, slice.Index, slice.Count), arrivals).ConfigureAwait(false);
    }

    private async Task RunAsync(int preAllocated, IEnumerable<(long Arrival, TimeSpan Offset)> arrivals)
    {
        for (var i = 0; i < Math.Min(preAllocated, maxVus); i++)
        {
            free.Push(Allocate());
        }

        try
        {
            if (await run.DelayUntilAsync(run.Begin).ConfigureAwait(false))
            {
                await DispatchAsync(arrivals).ConfigureAwait(false);
            }
        }
        finally
        {
            await LeaveAsync().ConfigureAwait(false);
        }
    }

    private async Task DispatchAsync(IEnumerable<(long Arrival, TimeSpan Offset)> arrivals)
    {
        var clock = run.Recorder.Clock;
        var time = run.Time;
        var resumeAt = run.Slice.ResumeAt;
        foreach (var (_, offset) in arrivals)
        {
            var due = run.Begin + offset;
            if (due < resumeAt)
            {
                // An earlier attempt of this slice owned this part of the timeline.
                continue;
            }

            var wait = due - time.GetUtcNow();
            if (wait > TimeSpan.Zero && !await run.DelayUntilAsync(due).ConfigureAwait(false))
            {
                return;
            }

            if (run.Stop.IsCancellationRequested)
            {
                return;
            }

            if (TakeFree() is { } user)
            {
                user.Assign(clock.TimestampOf(due));
            }
            else
            {
                run.Recorder.AddDroppedArrival(run.Scenario.Name, clock.SecondOf(due));
            }
        }
    }

    private VirtualUser? TakeFree()
    {
        lock (gate)
        {
            if (free.TryPop(out var user))
            {
                return user;
            }

            if (allocated >= maxVus)
            {
                return null;
            }
        }

        return Allocate();
    }

    private VirtualUser Allocate()
    {
        VirtualUser user;
        lock (gate)
        {
            user = run.CreateUser(allocated++);
        }

        run.Recorder.AddActiveVus(1);
        var loop = run.RunUserAsync(user, this);
        lock (gate)
        {
            users.Add(loop);
        }

        return user;
    }

    /// <summary>A VU waits for the dispatcher to hand it an arrival (the intended start), or to send it away.</summary>
    public override ValueTask<long> NextAsync(VirtualUser user) => user.NextArrivalAsync();

    /// <summary>After an iteration the VU is free again, unless the scenario is over.</summary>
    public override bool AfterIteration(VirtualUser user, bool stopped)
    {
        lock (gate)
        {
            if (leaving)
            {
                return false;
            }

            free.Push(user);
            return true;
        }
    }

    /// <summary>Sends the free VUs away; busy ones leave after their iteration. Returns once all have left.</summary>
    private async Task LeaveAsync()
    {
        List<VirtualUser> idle;
        Task[] all;
        lock (gate)
        {
            leaving = true;
            idle = [.. free];
            free.Clear();
            all = [.. users];
        }

        foreach (var user in idle)
        {
            user.Assign(VirtualUser.Leave);
        }

        await Task.WhenAll(all).ConfigureAwait(false);
        run.Recorder.AddActiveVus(-all.Length);
    }
}
