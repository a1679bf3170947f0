using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Core.Tests.Plans;

/// <summary>Websocket steps read through the whole plan parser: fields and lines in context, metrics, and round trips.</summary>
public class PlanParserWebSocketTests
{
    private static string Plan(string websocket, string before = "") => $"""
        name: ws
        target: http://127.0.0.1:5080
        scenarios:
          - name: chat
            vus: 1
            duration: 1s
            steps:
        {before}      - websocket:
        {string.Join("\n", websocket.Split('\n').Select(line => "          " + line))}
        """;

    [Fact]
    public void A_websocket_step_is_read_into_the_scenario_with_its_two_metrics()
    {
        var result = PlanParser.Parse(Plan("name: chat\npath: /ws/echo?room={{vu}}\nactions:\n  - send: hi\n  - expect: hi"));

        result.Problems.ShouldBeEmpty();
        var step = result.Plan!.Scenarios[0].Steps.ShouldHaveSingleItem().ShouldBeOfType<WebSocketStep>();
        step.Target.ShouldBe("default");
        step.Actions.ShouldBe([new WebSocketSend("hi"), new WebSocketExpect("hi", TimeSpan.FromSeconds(10))]);
        result.Plan.Metrics.ShouldBe(
        [
            new PlanMetric("chat.connect", "chat", MetricKinds.WebSocketConnect),
            new PlanMetric("chat.roundtrip", "chat", MetricKinds.WebSocketRoundTrip),
        ]);
    }

    [Fact]
    public void A_problem_inside_an_action_names_its_full_field_and_line() =>
        Plan("name: chat\npath: /ws\nactions:\n  - send: hi\n  - expect: {match: '(', timeout: 1s}")
            .ShouldHaveOnlyProblem("scenarios[0].steps[0].websocket.actions[1].expect.match", 13, "is not a valid regular expression");

    [Fact]
    public void A_variable_no_earlier_step_captures_is_reported_for_a_send_at_its_step() =>
        Plan("name: chat\npath: /ws\nactions:\n  - send: 'hi {{who}}'")
            .ShouldHaveOnlyProblem("scenarios[0].steps[0].websocket.actions[0].send", 9, "'{{who}}' is not defined");

    [Fact]
    public void A_step_metric_clashing_with_an_http_step_name_is_reported()
    {
        var text = Plan("name: chat\npath: /ws\nactions: [{send: hi}]", before: "      - http: {name: chat.connect, path: /fast}\n");

        text.ShouldHaveOnlyProblem("scenarios[0].steps[1].websocket.name", 10, "'chat.connect' is already a request name (first at line 8)");
    }

    [Fact]
    public void A_websocket_step_survives_the_yaml_round_trip()
    {
        var original = PlanParser.Parse(Plan("""
            name: chat
            path: /ws/echo?room={{vu}}
            headers: {x-room: "{{vu}}"}
            connectTimeout: 2500ms
            actions:
              - send: {json: {type: ping, n: 1}}
              - expect: {match: '^\{"type"', timeout: 1s}
              - hold: 1.5s
              - close: true
            """)).Plan!;

        var again = PlanParser.Parse(PlanParser.ToYaml(original));

        again.Problems.ShouldBeEmpty();
        var before = (WebSocketStep)original.Scenarios[0].Steps[0];
        var after = (WebSocketStep)again.Plan!.Scenarios[0].Steps[0];
        after.Name.ShouldBe(before.Name);
        after.Target.ShouldBe(before.Target);
        after.Path.ShouldBe(before.Path);
        after.Headers.ShouldBe(before.Headers);
        after.ConnectTimeout.ShouldBe(TimeSpan.FromMilliseconds(2500));
        after.Actions.ShouldBe(before.Actions);
        before.Actions[0].ShouldBe(new WebSocketSend("""{"type":"ping","n":1}"""));
    }

    [Fact]
    public void The_example_chat_plan_is_valid()
    {
        var result = PlanParser.Parse(File.ReadAllText(Path.Combine(PlanParserStepsTests.RepositoryRoot(), "examples", "chat.yaml")));

        result.Problems.ShouldBeEmpty();
        result.Plan!.Scenarios[0].Steps.OfType<WebSocketStep>().ShouldHaveSingleItem().Actions.Count.ShouldBe(6);
    }
}
