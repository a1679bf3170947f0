using ServerlessLoad.Cli.Target;
using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Runner.Tests.Engine.Steps;

/// <summary>A plan with a websocket step, read from YAML and run by the engine's step loop against the demo target.</summary>
public sealed class WebSocketJourneyTests : IAsyncLifetime
{
    private DemoTarget target = null!;

    public async Task InitializeAsync() => target = await DemoTarget.StartAsync(new DemoTargetOptions(), CancellationToken.None);

    public async Task DisposeAsync() => await target.DisposeAsync();

    [Fact]
    public async Task Every_iteration_connects_once_and_measures_each_expect()
    {
        var parsed = PlanParser.Parse($$$"""
            name: ws
            target: {{{target.BaseAddress}}}
            scenarios:
              - name: chat
                executor: per-vu-iterations
                vus: 2
                iterations: 3
                maxDuration: 20s
                steps:
                  - websocket:
                      name: chat
                      path: /ws/echo?room={{vu}}
                      actions:
                        - send: "hello {{vu}} {{iteration}}"
                        - expect: {match: "^hello \\d+ \\d+$", timeout: 2s}
                        - send: {json: {type: ping}}
                        - expect: '"ping"'
                        - close: true
            """);
        parsed.Problems.ShouldBeEmpty();

        var results = await StepRuns.RunAsync(parsed.Plan!);

        results["chat.connect"].Requests.ShouldBe(6);
        results["chat.connect"].StatusCodes["101"].ShouldBe(6);
        results["chat.roundtrip"].Requests.ShouldBe(12);
        results["chat.roundtrip"].Failures.ShouldBe(0);
        parsed.Plan!.Metrics.Select(m => m.Kind).ShouldBe([MetricKinds.WebSocketConnect, MetricKinds.WebSocketRoundTrip]);
    }
}
