using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Runner.Engine.Steps;

/// <summary>Runs a scenario's websocket step for one VU at a time; one instance per step and scenario run.</summary>
internal sealed class WebSocketStepRunner
{
    public WebSocketStepRunner(WebSocketStep step, Plan plan, Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(scenario);
        Step = step;
    }

    public WebSocketStep Step { get; }

    /// <summary>
    /// Connects, performs the step's actions and closes, recording <see cref="WebSocketStep.ConnectMetric"/> and
    /// <see cref="WebSocketStep.RoundTripMetric"/> outcomes into <paramref name="shard"/>. <paramref name="render"/>
    /// renders a template text of the step (path, header values, messages) for the VU's current iteration. False when
    /// <paramref name="stop"/> ended the step early (the iteration ends too).
    /// </summary>
    public Task<bool> RunAsync(Func<string, string> render, RecorderShard shard, RunClock clock, CancellationToken stop) =>
        throw new NotSupportedException("websocket steps are not supported yet");
}
