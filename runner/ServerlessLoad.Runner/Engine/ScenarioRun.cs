using ServerlessLoad.Core.Plans;
using ServerlessLoad.Runner.Engine.Http;
using ServerlessLoad.Runner.Engine.Steps;

namespace ServerlessLoad.Runner.Engine;

/// <summary>
/// One scenario running in one slice: its timeline (begin, end, graceful stop), its transport and request picker, and
/// the life of a virtual user: iterations (pick a request by weight, send it, record it, think; or, for a scenario of
/// <c>steps:</c>, run every step in order) for as long as the executor's <see cref="IterationGate"/> lets it.
/// </summary>
/// <remarks>
/// <see cref="Stop"/> fires when the slice is stopped or <see cref="Scenario.GracefulStop"/> after <see cref="End"/>;
/// no iteration starts after <see cref="End"/>, and requests still running at the stop are cut off unmeasured.
/// </remarks>
internal sealed class ScenarioRun : IDisposable
{
    private static readonly TimeSpan MinimumDelay = TimeSpan.FromMilliseconds(1);

    private readonly WeightedPicker? picker;
    private readonly ScenarioSteps? steps;
    private readonly StepServices? stepServices;
    private readonly ScenarioTransport transport;
    private readonly CancellationTokenSource stopping;
    private readonly ITimer gracefulStop;
    private readonly int scenarioIndex;
    private readonly List<VirtualUser> users = [];
    private readonly CancellationTokenRegistration stopThinking;
    private readonly bool thinks;

    public ScenarioRun(SliceContext slice, Scenario scenario, int connections, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(slice);
        ArgumentNullException.ThrowIfNull(scenario);
        Slice = slice;
        Scenario = scenario;
        Begin = slice.StartAt + scenario.StartTime;
        End = Begin + scenario.Length;
        scenarioIndex = IndexOf(slice.Plan, scenario);
        if (scenario.Steps.Count > 0)
        {
            steps = new ScenarioSteps(slice.Plan, scenario);
        }
        else
        {
            picker = new WeightedPicker(scenario.Requests);
        }

        thinks = !scenario.ThinkTime.IsNone;
        stopping = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var untilStop = End + scenario.GracefulStop - slice.Time.GetUtcNow();
        gracefulStop = slice.Time.CreateTimer(CancelQuietly, stopping, untilStop > TimeSpan.Zero ? untilStop : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        // A steps scenario's transport carries the steps that the socket engine can send as they are (see HttpStepRunner).
        var sent = steps is null ? scenario : scenario with { Requests = steps.SocketEngineRequests };
        transport = new ScenarioTransport(slice.Plan, sent, connections, slice.Recorder, stopping.Token);
        if (steps is not null)
        {
            var sender = new HttpRequestSender(slice.Plan, scenario, Math.Max(1, connections), slice.Recorder.Clock, slice.Recorder);
            stepServices = new StepServices(sender, transport, slice.Recorder.Clock, slice.Recorder);
        }

        stopThinking = stopping.Token.Register(static state => ((ScenarioRun)state!).CancelThinking(), this);
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

    public VirtualUser CreateUser(int number)
    {
        var user = new VirtualUser(number, VirtualUser.Seed(Slice.Index, scenarioIndex, number), Recorder.Shard(number));
        lock (users)
        {
            users.Add(user);
        }

        return user;
    }

    /// <summary>
    /// A virtual user's whole life in one method, so its state sits in one allocation however many iterations it runs:
    /// every wait in the loop (for an arrival, a connection, a response, the end of the think time) is on a reusable
    /// hand-over, and plain HTTP/1.1 requests go straight to a connection without further async calls.
    /// </summary>
    public async Task RunUserAsync(VirtualUser user, IterationGate gate)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(gate);
        if (steps is not null)
        {
            await RunStepsUserAsync(user, gate, steps).ConfigureAwait(false);
            return;
        }

        while (true)
        {
            var next = gate.NextAsync(user);
            var intended = next.IsCompletedSuccessfully ? next.Result : await next.ConfigureAwait(false);
            if (intended == IterationGate.Leave)
            {
                return;
            }

            var route = transport.Routes[picker!.PickIndex(user.Random)];
            RequestOutcome? outcome;
            if (route.Pool is { } pool)
            {
                // The socket engine, inline (see ScenarioTransport.SendAsync for the same steps as one call).
                Http1Connection? connection = null;
                try
                {
                    var acquiring = pool.AcquireAsync(user.ConnectionWaiter);
                    connection = acquiring.IsCompletedSuccessfully ? acquiring.Result : await acquiring.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // The scenario is stopping.
                }

                if (connection is null || Stop.IsCancellationRequested)
                {
                    if (connection is not null)
                    {
                        pool.Release(connection, reuse: true);
                    }

                    outcome = null;
                }
                else
                {
                    var sent = Time.GetTimestamp();
                    Recorder.AddInFlight(1);
                    var result = await connection.ExchangeAsync(route.Request, sent + route.TimeoutTicks).ConfigureAwait(false);
                    Recorder.AddInFlight(-1);
                    pool.Release(connection, transport.ReuseConnections);
                    outcome = transport.OutcomeOf(route, intended, sent, in result, Stop);
                }
            }
            else
            {
                outcome = await transport.SendAsync(route, intended, user.ConnectionWaiter, Stop).ConfigureAwait(false);
            }

            var completed = outcome.HasValue;
            if (completed)
            {
                var finished = outcome!.Value;
                user.Shard.Record(in finished);
                if (thinks)
                {
                    var thinking = ThinkAsync(user);
                    completed = thinking.IsCompletedSuccessfully ? thinking.Result : await thinking.ConfigureAwait(false);
                }
            }

            if (!gate.AfterIteration(user, stopped: !completed))
            {
                return;
            }
        }
    }

    /// <summary>A VU of a <c>steps:</c> scenario: every iteration runs the steps in order, then the think time.</summary>
    private async Task RunStepsUserAsync(VirtualUser user, IterationGate gate, ScenarioSteps program)
    {
        await using var state = new StepUser(program, user, program.VuNumber(Slice.Index, Slice.Count, user.Number));
        Func<TimeSpan, ValueTask<bool>> pause = duration => PauseAsync(user, duration);
        while (true)
        {
            var next = gate.NextAsync(user);
            var intended = next.IsCompletedSuccessfully ? next.Result : await next.ConfigureAwait(false);
            if (intended == IterationGate.Leave)
            {
                return;
            }

            var completed = await program.RunIterationAsync(state, intended, stepServices!, pause, Stop).ConfigureAwait(false);
            if (completed && thinks)
            {
                completed = await ThinkAsync(user).ConfigureAwait(false);
            }

            if (!gate.AfterIteration(user, stopped: !completed))
            {
                return;
            }
        }
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

    public void Dispose()
    {
        stopThinking.Dispose();
        gracefulStop.Dispose();
        transport.Dispose();
        stepServices?.Sender.Dispose();
        stopping.Dispose();
    }

    /// <summary>The think time after an iteration; false when the scenario stopped meanwhile.</summary>
    private ValueTask<bool> ThinkAsync(VirtualUser user) => PauseAsync(user, Scenario.ThinkTime.Sample(user.Random));

    /// <summary>A pause that is not measured (think time, think steps); false when the scenario stopped meanwhile.</summary>
    private ValueTask<bool> PauseAsync(VirtualUser user, TimeSpan pauseFor)
    {
        if (!ReferenceEquals(Time, TimeProvider.System))
        {
            return new ValueTask<bool>(Task.Delay(pauseFor, Time, Stop).ContinueWith(
                static t => t.IsCompletedSuccessfully, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));
        }

        var pause = user.Think.WaitUntilAsync(Time.GetTimestamp() + (long)(pauseFor.TotalSeconds * Time.TimestampFrequency));
        if (Stop.IsCancellationRequested)
        {
            // The stop may have come before this pause began, missing it.
            user.Think.Cancel();
        }

        return pause;
    }

    private void CancelThinking()
    {
        lock (users)
        {
            foreach (var user in users)
            {
                user.Think.Cancel();
            }
        }
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
