using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Core.Tests.Plans;

/// <summary>The canonical YAML of a multi-step plan reads back to the same steps, with data rows inline.</summary>
public class PlanStepsRoundTripTests
{
    [Fact]
    public void A_journey_survives_a_round_trip_step_by_step_with_its_csv_rows_inline()
    {
        var plan = PlanParser.Parse(PlanParserStepsTests.Journey, PlanParserStepsTests.Files).Plan!;

        var yaml = PlanParser.ToYaml(plan);
        var again = PlanParser.Parse(yaml);

        again.Problems.ShouldBeEmpty(yaml);
        yaml.ShouldNotContain("users.csv");
        PlanYamlRoundTripTests.ShouldBeSamePlan(again.Plan!, plan);
        PlanParser.ToYaml(again.Plan!).ShouldBe(yaml);
    }

    [Fact]
    public void Steps_checks_captures_and_data_are_written_in_the_syntax_plans_use()
    {
        var plan = PlanParser.Parse("""
            name: p
            target: http://127.0.0.1:5080
            scenarios:
              - name: s
                vus: 1
                duration: 1s
                cookies: true
                thinkTime: {normal: {mean: 1s, stddev: 100ms}}
                data:
                  ids: {values: [7], order: random}
                steps:
                  - http:
                      name: a
                      path: /a/{{ids.value}}
                      checks:
                        - status: [200, "201-204"]
                        - header: {name: x-h, contains: b}
                        - json: {path: $.n, equals: {k: [1, "2", true, null]}}
                        - latency: {under: 2s}
                      capture: {t: {regex: 't=(\w+)'}}
                  - think: {uniform: [1s, 2s]}
            """).Plan!;

        PlanParser.ToYaml(plan).ShouldContain("""
                thinkTime:
                  normal:
                    mean: 1s
                    stddev: 100ms
                cookies: true
                data:
                  ids:
                    order: random
                    values:
                      - value: "7"
                steps:
                  - http:
                      name: a
                      method: GET
                      target: default
                      path: /a/{{ids.value}}
                      timeout: 30s
                      checks:
                        - status:
                            - 200
                            - 201-204
                        - header:
                            name: x-h
                            contains: b
                        - json:
                            path: $.n
                            equals:
                              k:
                                - 1
                                - "2"
                                - true
                                - null
                        - latency:
                            under: 2s
                      capture:
                        t:
                          regex: t=(\w+)
                  - think:
                      uniform:
                        - 1s
                        - 2s
            """.Replace("\r", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Text_that_yaml_would_misread_in_checks_captures_and_rows_reads_back_as_written()
    {
        var plan = new Plan
        {
            Name = "awkward",
            Targets = new Dictionary<string, Uri> { ["api"] = new("http://127.0.0.1:5080/") },
            Scenarios =
            [
                new Scenario
                {
                    Name = "s",
                    Vus = 1,
                    Duration = TimeSpan.FromSeconds(1),
                    Requests = [],
                    Data = [new DataSource { Name = "d", Columns = ["a", "b-c"], Rows = [["null", " 1 "], ["#x: y", "- [z]"]] }],
                    Steps =
                    [
                        new HttpStep
                        {
                            Request = new RequestSpec { Name = "r", Target = "api", Path = "/{{d.a}}", Body = "{{d.b-c}}: \"q\"\n", ContentType = "text/plain" },
                            Checks =
                            [
                                new Check(CheckKind.HeaderContains, "x-h", ": #", [], TimeSpan.Zero),
                                new Check(CheckKind.BodyContains, null, "true", [], TimeSpan.Zero),
                                new Check(CheckKind.JsonPathEquals, "$['a b']", "\"null\"", [], TimeSpan.Zero),
                                new Check(CheckKind.JsonPathEquals, "$.n", "1.5", [], TimeSpan.Zero),
                                new Check(CheckKind.JsonPathEquals, "$.o", "{\"k\":[\"1\",false,null]}", [], TimeSpan.Zero),
                            ],
                            Captures = [new Capture("t", CaptureSource.Regex, "^a: \"b\" #c\\d+$"), new Capture("u", CaptureSource.JsonPath, "$[0]['x']")],
                        },
                        new ThinkStep { Think = ThinkTime.Uniform(TimeSpan.Zero, TimeSpan.FromMilliseconds(1)) },
                    ],
                },
            ],
        };

        var yaml = PlanParser.ToYaml(plan);
        var again = PlanParser.Parse(yaml);

        again.Problems.ShouldBeEmpty(yaml);
        ShouldBeSameSteps(again.Plan!.Scenarios[0], plan.Scenarios[0]);
    }

    [Fact]
    public void Redaction_keeps_a_captured_token_reference_and_masks_secret_data_columns()
    {
        var plan = PlanParser.Parse(PlanParserStepsTests.Journey, PlanParserStepsTests.Files).Plan!;

        var redacted = PlanRedaction.Redact(plan).Scenarios[0];

        // "Bearer {{token}}" holds no secret of its own: the token is captured at run time.
        ((HttpStep)redacted.Steps[2]).Request.Headers["Authorization"].ShouldBe("Bearer {{token}}");
        redacted.Data[0].Rows.Select(r => r[1]).ShouldAllBe(value => value == PlanRedaction.Mask);
        redacted.Data[0].Rows.Select(r => r[0]).ShouldBe(["ann@example.com", "bob,jr@example.com"]);
        ((HttpStep)plan.Scenarios[0].Steps[2]).Request.Headers["Authorization"].ShouldBe("Bearer {{token}}");
    }

    internal static void ShouldBeSameSteps(Scenario actual, Scenario expected)
    {
        actual.Data.Count.ShouldBe(expected.Data.Count);
        foreach (var (a, e) in actual.Data.Zip(expected.Data))
        {
            (a.Name, a.Order).ShouldBe((e.Name, e.Order));
            a.Columns.ShouldBe(e.Columns);
            a.Rows.ShouldBe(e.Rows);
        }

        actual.Steps.Count.ShouldBe(expected.Steps.Count);
        foreach (var (a, e) in actual.Steps.Zip(expected.Steps))
        {
            switch (e)
            {
                case HttpStep http:
                    var other = a.ShouldBeOfType<HttpStep>();
                    other.Request.Headers.ShouldBe(http.Request.Headers);
                    other.Request.Expect.ShouldBe(http.Request.Expect);
                    (other.Request with { Headers = http.Request.Headers, Expect = http.Request.Expect }).ShouldBe(http.Request);
                    other.Captures.ShouldBe(http.Captures);
                    other.Checks.Count.ShouldBe(http.Checks.Count);
                    foreach (var (ca, ce) in other.Checks.Zip(http.Checks))
                    {
                        ca.Statuses.ShouldBe(ce.Statuses);
                        (ca with { Statuses = ce.Statuses }).ShouldBe(ce);
                    }

                    break;
                default:
                    a.ShouldBe(e);
                    break;
            }
        }
    }
}
