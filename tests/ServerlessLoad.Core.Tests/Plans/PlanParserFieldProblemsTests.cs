using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Core.Tests.Plans;

/// <summary>Each mistake in a field is reported with the field's path and the line of the offending node.</summary>
public class PlanParserFieldProblemsTests
{
    [Fact]
    public void An_unknown_field_is_reported_with_the_close_name_it_probably_meant()
    {
        const string text = """
            name: demo
            target: http://127.0.0.1:5080
            scenarios:
              - name: s
                vu: 8
                duration: 5s
                requests:
                  - path: /
            """;

        text.ShouldHaveProblem("scenarios[0].vu", 5, "unknown field 'vu', did you mean 'vus'?");
        text.ShouldHaveProblem("scenarios[0].vus", 4, "is required");
    }

    [Fact]
    public void An_unknown_field_with_no_close_name_is_reported_without_a_hint()
    {
        const string text = """
            name: demo
            target: http://127.0.0.1:5080
            colour: blue
            scenarios: [{ name: s, vus: 1, duration: 1s, requests: [{ path: / }] }]
            """;

        text.ShouldHaveOnlyProblem("colour", 3, "unknown field 'colour'").Message.ShouldNotContain("did you mean");
    }

    [Fact]
    public void Unknown_fields_in_requests_hint_at_the_request_fields()
    {
        const string text = """
            name: demo
            target: http://127.0.0.1:5080
            scenarios:
              - name: s
                vus: 1
                duration: 1s
                requests:
                  - path: /
                    header: { A: b }
            """;

        text.ShouldHaveOnlyProblem("scenarios[0].requests[0].header", 9, "did you mean 'headers'?");
    }

    [Fact]
    public void A_missing_name_and_scenarios_are_reported_at_the_document_start()
    {
        const string text = """
            slices: 2
            target: http://127.0.0.1:5080
            """;

        text.ShouldHaveProblem("name", 1, "is required");
        text.ShouldHaveProblem("scenarios", 1, "is required");
    }

    [Theory]
    [InlineData("''", "plan name must be 1 to 100 characters")]
    [InlineData("'demo/run'", "plan name must be 1 to 100 characters")]
    [InlineData("[a]", "expected text, found a list")]
    [InlineData("", "expected text, found nothing (null)")]
    public void An_invalid_plan_name_is_reported_on_its_line(string value, string message) =>
        $$"""
        target: http://127.0.0.1:5080
        name: {{value}}
        scenarios: [{ name: s, vus: 1, duration: 1s, requests: [{ path: / }] }]
        """.ShouldHaveOnlyProblem("name", 2, message);

    [Fact]
    public void A_plan_name_of_101_characters_is_too_long()
    {
        var text = $$"""
            name: {{new string('a', 101)}}
            target: http://127.0.0.1:5080
            scenarios: [{ name: s, vus: 1, duration: 1s, requests: [{ path: / }] }]
            """;

        text.ShouldHaveOnlyProblem("name", 1, "1 to 100 characters");
    }

    [Theory]
    [InlineData("0", "must be between 1 and 1000, found 0")]
    [InlineData("1001", "must be between 1 and 1000, found 1001")]
    [InlineData("two", "expected a whole number, found the text 'two'")]
    [InlineData("2.5", "expected a whole number, found the number 2.5")]
    [InlineData("\"2\"", "expected a whole number, found the text '2'")]
    [InlineData("99999999999999999999999", "must be between 1 and 1000")]
    public void Slices_outside_1_to_1000_or_not_a_whole_number_are_reported(string value, string message) =>
        $$"""
        name: demo
        target: http://127.0.0.1:5080
        slices: {{value}}
        scenarios: [{ name: s, vus: 1, duration: 1s, requests: [{ path: / }] }]
        """.ShouldHaveOnlyProblem("slices", 3, message);

    [Theory]
    [InlineData("0", "must be between 1 and 100000, found 0")]
    [InlineData("100001", "must be between 1 and 100000, found 100001")]
    [InlineData("-3", "must be between 1 and 100000, found -3")]
    [InlineData("{ n: 1 }", "expected a whole number, found a mapping")]
    public void Vus_outside_1_to_100000_are_reported(string value, string message) =>
        $$"""
        name: demo
        target: http://127.0.0.1:5080
        scenarios:
          - name: s
            duration: 1s
            vus: {{value}}
            requests: [{ path: / }]
        """.ShouldHaveOnlyProblem("scenarios[0].vus", 6, message);

    [Theory]
    [InlineData("0s", "must be greater than 0")]
    [InlineData("0", "must be greater than 0")]
    [InlineData("25h", "must be at most 24h, found 25h")]
    [InlineData("100000", "must be at most 24h")]
    [InlineData("20 seconds", "expected a duration (500ms, 20s, 1m30s, 2h or a number of seconds)")]
    [InlineData("30s1m", "expected a duration")]
    [InlineData("-5", "must not be negative")]
    [InlineData("true", "expected a duration")]
    public void Invalid_durations_are_reported(string value, string message) =>
        $$"""
        name: demo
        target: http://127.0.0.1:5080
        scenarios:
          - name: s
            vus: 1
            duration: {{value}}
            requests: [{ path: / }]
        """.ShouldHaveOnlyProblem("scenarios[0].duration", 6, message);

    [Fact]
    public void A_negative_start_time_is_reported_and_zero_is_fine()
    {
        const string text = """
            name: demo
            target: http://127.0.0.1:5080
            scenarios:
              - { name: a, vus: 1, duration: 1s, startTime: 0, requests: [{ path: /a }] }
              - { name: b, vus: 1, duration: 1s, startTime: -1, requests: [{ path: /b }] }
            """;

        text.ShouldHaveOnlyProblem("scenarios[1].startTime", 5, "must not be negative");
    }

    [Fact]
    public void An_unknown_executor_is_reported_with_the_known_ones()
    {
        const string text = """
            name: demo
            target: http://127.0.0.1:5080
            scenarios:
              - name: s
                executor: constant-vu
                vus: 1
                duration: 1s
                requests: [{ path: / }]
            """;

        text.ShouldHaveOnlyProblem("scenarios[0].executor", 5, "unknown executor 'constant-vu', did you mean 'constant-vus'? (known: constant-vus, ramping-vus, shared-iterations, per-vu-iterations, constant-arrival-rate, ramping-arrival-rate)");
    }

    [Fact]
    public void Scenarios_must_be_a_non_empty_list()
    {
        """
        name: demo
        target: http://127.0.0.1:5080
        scenarios: []
        """.ShouldHaveOnlyProblem("scenarios", 3, "must list at least one scenario");
        """
        name: demo
        target: http://127.0.0.1:5080
        scenarios:
          name: s
        """.ShouldHaveOnlyProblem("scenarios", 4, "expected a list, found a mapping");
    }

    [Fact]
    public void A_scenario_that_is_not_a_mapping_is_reported()
    {
        """
        name: demo
        target: http://127.0.0.1:5080
        scenarios:
          - just text
        """.ShouldHaveOnlyProblem("scenarios[0]", 4, "expected a mapping, found the text 'just text'");
    }

    [Fact]
    public void Scenario_names_must_be_unique()
    {
        const string text = """
            name: demo
            target: http://127.0.0.1:5080
            scenarios:
              - name: same
                vus: 1
                duration: 1s
                requests: [{ path: /a }]
              - name: same
                vus: 1
                duration: 1s
                requests: [{ path: /b }]
            """;

        text.ShouldHaveOnlyProblem("scenarios[1].name", 8, "duplicate scenario name 'same' (first at line 4)");
    }

    [Fact]
    public void A_scenario_without_requests_is_reported()
    {
        """
        name: demo
        target: http://127.0.0.1:5080
        scenarios:
          - name: s
            vus: 1
            duration: 1s
            requests: []
        """.ShouldHaveOnlyProblem("scenarios[0].requests", 7, "must list at least one request");
    }
}
