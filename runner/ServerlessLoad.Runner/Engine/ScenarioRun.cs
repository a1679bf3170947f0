using System.Runtime.CompilerServices;
using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Runner.Engine;

/// <summary>
/// One scenario running in one slice: its timeline (begin, end, graceful stop), its transport and request picker, and
/// one iteration of a virtual user (pick a request by weight, send it, record it, think).
/// </summary>
/// <remarks>
/// <see cref="Stop"/> fires when the slice is stopped or <see cref="Scenario.GracefulStop"/> after <see cref="End"/>;
/// no iteration starts after <see cref="End"/>, and requests still running at the stop are cut off unmeasured.
/// </remarks>
internal sealed class ScenarioRun : IDisposable
{
    private static readonly TimeSpan MinimumDelay = TimeSpan.FromMilliseconds(1);

    private readonly WeightedPicker picker;
    private readonly ScenarioTransport transport;
    private readonly CancellationTokenSource stopping;
    private readonly ITimer gracefulStop;
    private readonly int scenarioIndex;

    public ScenarioRun(SliceContext slice, Scenario scenario, int connections, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(slice);
        ArgumentNullException.ThrowIfNull(scenario);
        Slice = slice;
        Scenario = scenario;
        Begin = slice.StartAt + scenario.StartTime;
        End = Begin + scenario.Length;
        scenarioIndex = IndexOf(slice.Plan, scenario);
        picker = new WeightedPicker(scenario.Requests);
        stopping = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var untilStop = End + scenario.GracefulStop - slice.Time.GetUtcNow();
        gracefulStop = slice.Time.CreateTimer(CancelQuietly, stopping, untilStop > TimeSpan.Zero ? untilStop : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        transport = new ScenarioTransport(slice.Plan, scenario, connections, slice.Recorder, stopping.Token);
    }

    public SliceContext Slice { get; }

    public Scenario Scenario { get; }

    public DateTimeOffset Begin { get; }

    /// <summary>No iteration starts at or after this instant.</summary>
    public DateTimeOffset End { get; }

    public CancellationToken Stop => stopping.Token;

    public SliceRecorder Recorder => Slice.Recorder;

    public TimeProvider Time => Slice.Time;

    public bool MayStartIteration => !Stop.IsCancellationRequested && Time.GetUtcNow() < End;

    public VirtualUser CreateUser(int number) =>
        new(number, VirtualUser.Seed(Slice.Index, scenarioIndex, number), Recorder.Shard(number));

    /// <summary>
    /// One iteration: a request picked by weight, sent, recorded, then the think time. Its latency counts from
    /// <paramref name="intendedTimestamp"/> (0: from the send). False when the scenario is stopping.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> IterateAsync(VirtualUser user, long intendedTimestamp)
    {
        var route = transport.Routes[picker.PickIndex(user.Random)];
        var outcome = await transport.SendAsync(route, intendedTimestamp, user.ConnectionWaiter, Stop).ConfigureAwait(false);
        if (outcome is not { } finished)
        {
            return false;
        }

        user.Shard.Record(in finished);
        if (Scenario.ThinkTime > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(Scenario.ThinkTime, Time, Stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Waits until the wall clock shows <paramref name="due"/> (or up to a millisecond later); false when the scenario
    /// stopped first.
    /// </summary>
    public async Task<bool> DelayUntilAsync(DateTimeOffset due)
    {
        try
        {
            if (ReferenceEquals(Time, TimeProvider.System))
            {
                await PrecisionTimer.DelayUntilAsync(Recorder.Clock.TimestampOf(due), Stop).ConfigureAwait(false);
                return !Stop.IsCancellationRequested;
            }

            // Timers may fire a hair early against the wall clock; loop so nothing starts before its time. A wait shorter
            // than a millisecond is rounded up: a timer asked for less fires at once, and looping on that would spin.
            for (var wait = due - Time.GetUtcNow(); wait > TimeSpan.Zero; wait = due - Time.GetUtcNow())
            {
                await Task.Delay(wait < MinimumDelay ? MinimumDelay : wait, Time, Stop).ConfigureAwait(false);
            }

            return !Stop.IsCancellationRequested;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The closed-model loop of one VU: iterations back to back while <paramref name="mayContinue"/> allows.</summary>
    public async Task RunClosedUserAsync(VirtualUser user, Func<bool> mayContinue)
    {
        Recorder.AddActiveVus(1);
        try
        {
            while (MayStartIteration && mayContinue() && await IterateAsync(user, 0).ConfigureAwait(false))
            {
            }
        }
        finally
        {
            Recorder.AddActiveVus(-1);
        }
    }

    public void Dispose()
    {
        gracefulStop.Dispose();
        transport.Dispose();
        stopping.Dispose();
    }

    private static void CancelQuietly(object? state)
    {
        try
        {
            ((CancellationTokenSource)state!).Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The scenario already finished and cleaned up.
        }
    }

    private static int IndexOf(Plan plan, Scenario scenario)
    {
        for (var i = 0; i < plan.Scenarios.Count; i++)
        {
            if (ReferenceEquals(plan.Scenarios[i], scenario))
            {
                return i;
            }
        }

        return 0;
    }
}
