using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Thresholds;

namespace ServerlessLoad.Core.Tests.Plans;

/// <summary>Thresholds in their mapping form: abortOnFail and delayAbortEval, with k6's names.</summary>
public class PlanParserAbortOnFailTests
{
    private const string Head = """
        name: a
        target: http://127.0.0.1:5080
        scenarios: [{ name: s, vus: 1, duration: 1s, requests: [{ path: /, name: home }] }]
        thresholds:

        """;

    [Fact]
    public void A_threshold_mapping_with_abortOnFail_lists_the_expression_and_its_abort_delay()
    {
        var result = PlanParser.Parse(Head + """
              - latency.p95 < 500ms
              - threshold: failures.rate < 1%
                abortOnFail: true
                delayAbortEval: 10s
              - { threshold: "failures.count < 5", abortOnFail: true }
              - { threshold: "duration < 1m", abortOnFail: false }
            """);

        result.Problems.ShouldBeEmpty();
        var plan = result.Plan!;
        plan.Thresholds.ShouldBe(["latency.p95 < 500ms", "failures.rate < 1%", "failures.count < 5", "duration < 1m"]);
        plan.AbortOnFail.ShouldBe([new ThresholdAbort("failures.rate < 1%", TimeSpan.FromSeconds(10)), new ThresholdAbort("failures.count < 5", TimeSpan.Zero)]);
    }

    [Fact]
    public void Parsed_thresholds_carry_their_abort_settings()
    {
        var plan = PlanParser.Parse(Head + "  - latency.p95 < 500ms\n  - { threshold: failures.rate < 1%, abortOnFail: true, delayAbortEval: 2s }").Plan!;

        var parsed = PlanThresholds.Parse(plan);

        parsed.Select(t => (t.Source, t.AbortOnFail, t.DelayAbortEval)).ShouldBe(
        [
            ("latency.p95 < 500ms", false, TimeSpan.Zero),
            ("failures.rate < 1%", true, TimeSpan.FromSeconds(2)),
        ]);
        PlanThresholds.AbortRules(plan).ShouldHaveSingleItem().Source.ShouldBe("failures.rate < 1%");
    }

    [Fact]
    public void A_malformed_expression_in_a_mapping_is_reported_at_its_line_with_its_position() =>
        (Head + "  - threshold: failures.rate 1%\n    abortOnFail: true")
            .ShouldHaveOnlyProblem("thresholds[0].threshold", 5, "'failures.rate 1%': expected operator (<, <=, >, >=, ==, !=), found '1%' at 15");

    [Theory]
    [InlineData("rps > 10", "abortOnFail cannot apply to a request rate")]
    [InlineData("requests.rate < 10", "abortOnFail cannot apply to a request rate")]
    [InlineData("requests.count > 100", "abortOnFail cannot apply to 'requests.count' with '>'")]
    [InlineData("failures.count == 0", "abortOnFail cannot apply to 'failures.count' with '=='")]
    [InlineData("duration >= 10s", "abortOnFail cannot apply to 'duration' with '>='")]
    public void AbortOnFail_on_a_rule_only_the_whole_run_can_decide_is_reported(string expression, string message) =>
        (Head + $"  - latency.p95 < 1s\n  - threshold: {expression}\n    abortOnFail: true")
            .ShouldHaveOnlyProblem("thresholds[1].abortOnFail", 6, message);

    [Theory]
    [InlineData("requests.count < 1000")]
    [InlineData("failures.count <= 3")]
    [InlineData("duration < 5m")]
    [InlineData("latency{request:home}.p99 > 1ms over 3s")]
    [InlineData("checks.rate > 99%")]
    public void AbortOnFail_is_accepted_where_the_seconds_so_far_can_prove_a_violation(string expression) =>
        PlanParser.Parse(Head + $"  - threshold: {expression}\n    abortOnFail: true").Problems.ShouldBeEmpty();

    [Fact]
    public void Bad_abort_settings_are_reported_with_their_field_and_line()
    {
        var text = Head + """
              - threshold: failures.rate < 1%
                abortOnFail: yes please
              - threshold: failures.rate < 2%
                abortOnFail: true
                delayAbortEval: soon
              - threshold: failures.rate < 3%
                delayAbortEval: 5s
              - threshold: failures.rate < 4%
                abortOnFial: true
            """;

        text.ShouldHaveProblem("thresholds[0].abortOnFail", 6, "expected true or false");
        text.ShouldHaveProblem("thresholds[1].delayAbortEval", 9, "expected a duration");
        text.ShouldHaveProblem("thresholds[2].delayAbortEval", 11, "applies only with abortOnFail: true");
        text.ShouldHaveProblem("thresholds[3].abortOnFial", 13, "did you mean 'abortOnFail'?");
        PlanParser.Parse(text).Problems.Count.ShouldBe(4);
    }

    [Fact]
    public void The_yaml_writer_keeps_abort_settings_and_plain_thresholds_as_written()
    {
        var plan = PlanParser.Parse(Head + "  - latency.p95 < 500ms\n  - { threshold: failures.rate < 1%, abortOnFail: true, delayAbortEval: 1m30s }").Plan!;

        var yaml = PlanParser.ToYaml(plan);
        var again = PlanParser.Parse(yaml).Plan!;

        yaml.ShouldContain("- threshold: failures.rate < 1%\n    abortOnFail: true\n    delayAbortEval: 1m30s\n");
        yaml.ShouldContain("- latency.p95 < 500ms\n");
        again.Thresholds.ShouldBe(plan.Thresholds);
        again.AbortOnFail.ShouldBe(plan.AbortOnFail);
    }

    [Fact]
    public void A_json_plan_takes_the_same_threshold_mapping()
    {
        var result = PlanParser.Parse("""
            {
              "name": "a",
              "target": "http://127.0.0.1:5080",
              "scenarios": [{ "name": "s", "vus": 1, "duration": "1s", "requests": [{ "path": "/" }] }],
              "thresholds": ["latency.p95 < 1s", { "threshold": "failures.rate < 1%", "abortOnFail": true, "delayAbortEval": 3 }]
            }
            """);

        result.Problems.ShouldBeEmpty();
        result.Plan!.AbortOnFail.ShouldBe([new ThresholdAbort("failures.rate < 1%", TimeSpan.FromSeconds(3))]);
    }

    [Fact]
    public void The_schema_offers_exactly_the_threshold_fields_the_parser_reads()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory!.FullName, "ServerlessLoad.sln")))
        {
            directory = directory.Parent;
        }

        using var schema = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(directory.FullName, "schema", "plan.schema.json")));
        var entry = schema.RootElement.GetProperty("properties").GetProperty("thresholds").GetProperty("items").GetProperty("oneOf")[1];

        entry.GetProperty("properties").EnumerateObject().Select(p => p.Name).ShouldBe(Core.Plans.Reading.ThresholdsReader.FieldNames, ignoreOrder: true);
        entry.GetProperty("additionalProperties").GetBoolean().ShouldBeFalse();
    }
}
