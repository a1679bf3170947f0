using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Plans.Reading;

namespace ServerlessLoad.Core.Tests.Plans;

/// <summary>The value of a step's <c>websocket:</c> key, read on its own (line 1 is the step's first field).</summary>
public class WebSocketStepReaderTests
{
    private const string Field = "scenarios[0].steps[0].websocket";

    private static readonly Dictionary<string, Uri> OneTarget = new() { ["api"] = new Uri("http://127.0.0.1:5080/") };

    private static (WebSocketStep? Step, IReadOnlyList<PlanProblem> Problems) Read(
        string yaml, IReadOnlyDictionary<string, Uri>? targets = null, PlanReadContext? context = null)
    {
        context ??= new PlanReadContext(new ProblemList());
        context.Targets ??= targets ?? OneTarget;
        var node = SourceTreeReader.Read(yaml, context.Problems);
        node.ShouldNotBeNull(string.Join("\n", context.Problems.InDocumentOrder()));
        var step = WebSocketStepReader.Read(node, Field, context);
        return (step, context.Problems.InDocumentOrder());
    }

    private static PlanProblem ShouldHaveOnlyProblem(string yaml, string field, int line, string messagePart)
    {
        var (step, problems) = Read(yaml);
        step.ShouldBeNull();
        problems.Count.ShouldBe(1, string.Join("\n", problems));
        var problem = problems[0];
        problem.Field.ShouldBe(field);
        problem.Line.ShouldBe(line);
        problem.Message.ShouldContain(messagePart, Case.Sensitive);
        return problem;
    }

    [Fact]
    public void A_full_step_reads_every_field_and_action()
    {
        var (step, problems) = Read("""
            name: chat
            target: api
            path: /ws/echo?room={{vu}}
            headers: {authorization: "Bearer {{token}}"}
            connectTimeout: 5s
            actions:
              - send: "hello {{vu}}"
              - send: {json: {type: ping, n: 1}}
              - expect: {match: "hello \\d+", timeout: 2s}
              - expect: pong
              - hold: 1.5
              - close: true
            """);

        problems.ShouldBeEmpty();
        step.ShouldNotBeNull();
        step.Name.ShouldBe("chat");
        step.Target.ShouldBe("api");
        step.Path.ShouldBe("/ws/echo?room={{vu}}");
        step.Headers["Authorization"].ShouldBe("Bearer {{token}}");
        step.ConnectTimeout.ShouldBe(TimeSpan.FromSeconds(5));
        step.Actions.ShouldBe(
        [
            new WebSocketSend("hello {{vu}}"),
            new WebSocketSend("""{"type":"ping","n":1}"""),
            new WebSocketExpect(@"hello \d+", TimeSpan.FromSeconds(2)),
            new WebSocketExpect("pong", TimeSpan.FromSeconds(10)),
            new WebSocketHold(TimeSpan.FromSeconds(1.5)),
            new WebSocketClose(),
        ]);
        step.ConnectMetric.ShouldBe("chat.connect");
        step.RoundTripMetric.ShouldBe("chat.roundtrip");
    }

    [Fact]
    public void The_only_target_and_the_default_connect_timeout_apply_when_left_out()
    {
        var (step, problems) = Read("name: chat\npath: /ws\nactions: [{send: hi}]");

        problems.ShouldBeEmpty();
        step!.Target.ShouldBe("api");
        step.ConnectTimeout.ShouldBe(TimeSpan.FromSeconds(10));
        step.Headers.ShouldBeEmpty();
    }

    [Fact]
    public void Both_metric_names_are_registered_as_request_names()
    {
        var context = new PlanReadContext(new ProblemList());
        Read("name: chat\npath: /ws\nactions: [{send: hi}]", context: context);

        context.RequestNames.Keys.ShouldBe(["chat.connect", "chat.roundtrip"], ignoreOrder: true);
        context.RequestNames["chat.connect"].ShouldBe(1);
    }

    [Fact]
    public void A_step_whose_metric_name_is_already_taken_is_reported_with_the_first_line()
    {
        var context = new PlanReadContext(new ProblemList());
        context.RequestNames["chat.roundtrip"] = 7;

        var (step, problems) = Read("path: /ws\nname: chat\nactions: [{send: hi}]", context: context);

        step.ShouldBeNull();
        problems.ShouldHaveSingleItem().ShouldBe(new PlanProblem($"{Field}.name", 2,
            "'chat.roundtrip' is already a request name (first at line 7): names key the results, give each step its own"));
    }

    [Theory]
    [InlineData("name", "path: /ws\nactions: [{send: hi}]")]
    [InlineData("path", "name: chat\nactions: [{send: hi}]")]
    [InlineData("actions", "name: chat\npath: /ws")]
    public void A_missing_required_field_is_reported_at_the_step(string missing, string yaml) =>
        ShouldHaveOnlyProblem(yaml, $"{Field}.{missing}", 1, "is required");

    [Fact]
    public void An_unknown_field_is_reported_with_a_hint() =>
        ShouldHaveOnlyProblem("name: chat\npath: /ws\nconectTimeout: 1s\nactions: [{send: hi}]",
            $"{Field}.conectTimeout", 3, "unknown field 'conectTimeout', did you mean 'connectTimeout'?");

    [Fact]
    public void Empty_actions_are_reported() =>
        ShouldHaveOnlyProblem("name: chat\npath: /ws\nactions: []", $"{Field}.actions", 3, "must list at least one action");

    [Fact]
    public void An_unknown_action_is_reported_with_the_known_ones() =>
        ShouldHaveOnlyProblem("name: chat\npath: /ws\nactions:\n  - send: hi\n  - expct: hi",
            $"{Field}.actions[1].expct", 5, "unknown action 'expct', did you mean 'expect'? (known: send, expect, hold, close)");

    [Fact]
    public void An_action_with_two_keys_is_reported_at_the_action() =>
        ShouldHaveOnlyProblem("name: chat\npath: /ws\nactions:\n  - send: hi\n    expect: hi",
            $"{Field}.actions[0]", 4, "an action has exactly one key (send, expect, hold, close), found 2");

    [Fact]
    public void A_pattern_that_does_not_compile_is_reported_at_its_line() =>
        ShouldHaveOnlyProblem("name: chat\npath: /ws\nactions:\n  - send: hi\n  - expect: {match: 'a(b', timeout: 1s}",
            $"{Field}.actions[1].expect.match", 5, "is not a valid regular expression");

    [Fact]
    public void A_shorthand_pattern_that_does_not_compile_is_reported_too() =>
        ShouldHaveOnlyProblem("name: chat\npath: /ws\nactions:\n  - expect: '[a-'",
            $"{Field}.actions[0].expect", 4, "is not a valid regular expression");

    [Theory]
    [InlineData("connectTimeout: 0s\nactions: [{send: hi}]", "connectTimeout", 3, "must be greater than 0")]
    [InlineData("connectTimeout: -1\nactions: [{send: hi}]", "connectTimeout", 3, "must not be negative")]
    [InlineData("actions:\n  - expect: {match: hi, timeout: 0ms}", "actions[0].expect.timeout", 4, "must be greater than 0")]
    [InlineData("actions:\n  - hold: 0s", "actions[0].hold", 4, "must be greater than 0")]
    [InlineData("actions:\n  - hold: later", "actions[0].hold", 4, "expected a duration")]
    public void Timeouts_and_holds_must_be_positive(string rest, string field, int line, string message) =>
        ShouldHaveOnlyProblem($"name: chat\npath: /ws\n{rest}", $"{Field}.{field}", line, message);

    [Fact]
    public void An_unknown_target_is_reported_with_the_known_ones() =>
        ShouldHaveOnlyProblem("name: chat\ntarget: apj\npath: /ws\nactions: [{send: hi}]",
            $"{Field}.target", 2, "unknown target 'apj', did you mean 'api'? (known: api)");

    [Fact]
    public void The_target_is_required_when_the_plan_has_several()
    {
        var targets = new Dictionary<string, Uri> { ["api"] = new("http://127.0.0.1:1/"), ["web"] = new("http://127.0.0.1:2/") };

        var (step, problems) = Read("name: chat\npath: /ws\nactions: [{send: hi}]", targets);

        step.ShouldBeNull();
        problems.ShouldHaveSingleItem().ShouldBe(new PlanProblem($"{Field}.target", 1, "is required when the plan has several targets (api, web)"));
    }

    [Theory]
    [InlineData("path: /ws/{{vu", "path", 2)]
    [InlineData("path: /ws\nheaders: {x-room: '{{randomInt 9 1}}'}", "headers.x-room", 3)]
    [InlineData("path: /ws\nactions: [{send: 'hi {{}}'}]", "actions[0].send", 3)]
    public void A_malformed_template_is_reported_where_it_is_written(string rest, string field, int line)
    {
        var yaml = rest.Contains("actions", StringComparison.Ordinal) ? $"name: chat\n{rest}" : $"name: chat\n{rest}\nactions: [{{send: hi}}]";

        ShouldHaveOnlyProblem(yaml, $"{Field}.{field}", line, "has a malformed template");
    }

    [Fact]
    public void A_path_may_have_spaces_inside_a_placeholder_but_not_outside()
    {
        Read("name: chat\npath: /ws?n={{randomInt 1 9}}\nactions: [{send: hi}]").Problems.ShouldBeEmpty();

        ShouldHaveOnlyProblem("name: chat\npath: /ws?n=a b\nactions: [{send: hi}]", $"{Field}.path", 2, "must not contain spaces");
    }

    [Fact]
    public void A_path_must_start_with_a_slash() =>
        ShouldHaveOnlyProblem("name: chat\npath: ws/echo\nactions: [{send: hi}]", $"{Field}.path", 2, "must start with '/'");

    [Fact]
    public void Close_must_be_the_last_action() =>
        ShouldHaveOnlyProblem("name: chat\npath: /ws\nactions:\n  - close: true\n  - send: hi",
            $"{Field}.actions[0].close", 4, "must be the last action");

    [Fact]
    public void Close_takes_true() =>
        ShouldHaveOnlyProblem("name: chat\npath: /ws\nactions:\n  - close: no", $"{Field}.actions[0].close", 4, "expected true (close: true)");

    [Fact]
    public void A_send_mapping_takes_only_json() =>
        Read("name: chat\npath: /ws\nactions:\n  - send: {text: hi}").Problems.Select(p => $"{p.Line} {p.Field}: {p.Message}").ShouldBe(
        [
            $"4 {Field}.actions[0].send.text: unknown field 'text'",
            $"4 {Field}.actions[0].send.json: is required",
        ]);

    [Fact]
    public void Headers_the_handshake_sets_are_refused() =>
        ShouldHaveOnlyProblem("name: chat\npath: /ws\nheaders:\n  Sec-WebSocket-Key: abc\nactions: [{send: hi}]",
            $"{Field}.headers.Sec-WebSocket-Key", 4, "is set by the WebSocket handshake");

    [Theory]
    [InlineData("'chat{1}'", "must not contain '{' or '}'")]
    [InlineData("''", "must not be empty")]
    public void A_name_must_be_a_usable_request_name(string name, string message) =>
        ShouldHaveOnlyProblem($"name: {name}\npath: /ws\nactions: [{{send: hi}}]", $"{Field}.name", 1, message);

    [Fact]
    public void A_name_too_long_for_its_roundtrip_metric_is_reported() =>
        ShouldHaveOnlyProblem($"name: {new string('a', 195)}\npath: /ws\nactions: [{{send: hi}}]", $"{Field}.name", 1, "must be at most 190 characters");

    [Fact]
    public void Every_problem_of_a_step_is_reported_at_once()
    {
        var (step, problems) = Read("name: chat\npath: ws\nconnectTimeout: 0s\nactions:\n  - hold: 0s\n  - jump: 1");

        step.ShouldBeNull();
        problems.Select(p => p.Line).ShouldBe([2, 3, 5, 6]);
    }
}
