using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Core.Tests.Plans;

/// <summary>Problems with the document itself, the targets and the thresholds, and many problems at once.</summary>
public class PlanParserDocumentProblemsTests
{
    private const string Scenarios = "scenarios: [{ name: s, vus: 1, duration: 1s, requests: [{ path: /, name: home }] }]";

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n  ")]
    public void Empty_text_is_one_problem_on_line_1(string text) =>
        text.ShouldHaveOnlyProblem(PlanParser.DocumentField, 1, "the plan is empty");

    [Fact]
    public void Text_with_only_comments_is_an_empty_plan() =>
        "# nothing yet\n# still nothing\n".ShouldHaveOnlyProblem("$", 1, "the plan is empty (only comments)");

    [Fact]
    public void A_yaml_syntax_error_is_reported_with_its_line() =>
        """
        name: demo
        target: http://127.0.0.1:5080
          slices: 2
        """.ShouldHaveOnlyProblem("$", 3, "YAML syntax error");

    [Fact]
    public void An_unterminated_quote_is_a_syntax_error() =>
        "name: \"demo\ntarget: x\n".ShouldHaveOnlyProblem("$", 1, "YAML syntax error");

    [Fact]
    public void An_unclosed_flow_list_is_a_syntax_error_and_not_an_exception() =>
        "name: [1, 2\nslices: 3".ShouldHaveOnlyProblem("$", 1, "YAML syntax error");

    [Fact]
    public void Broken_json_is_a_syntax_error_with_its_line() =>
        "{\n  \"name\": \"demo\",\n  \"slices\": 2,,\n}".ShouldHaveOnlyProblem("$", 3, "YAML syntax error");

    [Theory]
    [InlineData("- name: demo", "found a list")]
    [InlineData("just a sentence", "found the text 'just a sentence'")]
    [InlineData("42", "found the number 42")]
    [InlineData("null", "found nothing")]
    public void A_document_that_is_not_a_mapping_is_reported(string text, string message) =>
        text.ShouldHaveOnlyProblem("$", 1, $"a plan must be a mapping of fields (name, targets, scenarios, ...), {message}");

    [Fact]
    public void Two_documents_are_reported_at_the_second() =>
        $"name: a\ntarget: http://127.0.0.1:5080\n{Scenarios}\n---\nname: b\n".ShouldHaveOnlyProblem("$", 4, "expected a single YAML document");

    [Fact]
    public void A_duplicate_key_is_reported_at_the_second_occurrence() =>
        $"name: a\ntarget: http://127.0.0.1:5080\nname: b\n{Scenarios}".ShouldHaveOnlyProblem("name", 3, "duplicate key 'name' (first at line 1)");

    [Fact]
    public void A_duplicate_key_in_json_is_reported_too() =>
        "{\n\"name\": \"a\",\n\"name\": \"b\"\n}".ShouldHaveProblem("name", 3, "duplicate key 'name' (first at line 2)");

    [Fact]
    public void A_key_that_is_not_text_is_reported() =>
        $"name: a\ntarget: http://127.0.0.1:5080\n? [x]\n: 1\n{Scenarios}".ShouldHaveOnlyProblem("$", 3, "keys must be text, found a list");

    [Fact]
    public void An_empty_key_still_gets_a_visible_field_name() =>
        $"name: a\ntarget: http://127.0.0.1:5080\n\"\": x\n{Scenarios}".ShouldHaveOnlyProblem("$['']", 3, "unknown field ''");

    [Fact]
    public void An_alias_to_an_unknown_anchor_is_reported() =>
        $"name: *missing\ntarget: http://127.0.0.1:5080\n{Scenarios}".ShouldHaveOnlyProblem("$", 1, "unknown anchor '*missing'");

    [Fact]
    public void An_unsupported_tag_is_reported_at_its_field() =>
        $"name: !secret demo\ntarget: http://127.0.0.1:5080\n{Scenarios}".ShouldHaveOnlyProblem("name", 1, "unsupported tag '!secret'");

    [Fact]
    public void A_str_tag_makes_a_number_text() =>
        PlanParser.Parse($"name: !!str 123\ntarget: http://127.0.0.1:5080\n{Scenarios}").Plan!.Name.ShouldBe("123");

    [Fact]
    public void Target_and_targets_together_are_reported() =>
        $"name: a\ntarget: http://127.0.0.1:5080\ntargets: {{ api: 'http://127.0.0.1:5081' }}\n{Scenarios}"
            .ShouldHaveOnlyProblem("targets", 3, "set either 'target' (one URL) or 'targets' (named URLs), not both");

    [Fact]
    public void A_plan_without_targets_is_reported_at_the_document_start() =>
        $"name: a\n{Scenarios}".ShouldHaveOnlyProblem("targets", 1, "is required: set 'target: http://host:port' or a 'targets' map");

    [Theory]
    [InlineData("ftp://127.0.0.1/", "expected an absolute http:// or https:// URL, found 'ftp://127.0.0.1/'")]
    [InlineData("/relative", "expected an absolute http:// or https:// URL")]
    [InlineData("localhost:5080", "expected an absolute http:// or https:// URL")]
    [InlineData("'http://127.0.0.1:5080/?q=1'", "a base URL has no query or fragment")]
    public void A_target_must_be_an_absolute_http_url(string url, string message) =>
        $"name: a\ntarget: {url}\n{Scenarios}".ShouldHaveOnlyProblem("target", 2, message);

    [Fact]
    public void Named_targets_are_checked_one_by_one()
    {
        var text = $"""
            name: a
            targets:
              api: http://127.0.0.1:5080
              bad name: http://127.0.0.1:5081
              web: nowhere
            {Scenarios}
            """;

        text.ShouldHaveProblem("targets.bad name", 4, "target name 'bad name' must be 1 to 100 characters");
        text.ShouldHaveProblem("targets.web", 5, "expected an absolute http:// or https:// URL, found 'nowhere'");
        PlanParser.Parse(text).Problems.Count.ShouldBe(2);
    }

    [Fact]
    public void An_empty_targets_map_is_reported() =>
        $"name: a\ntargets: {{}}\n{Scenarios}".ShouldHaveOnlyProblem("targets", 2, "must name at least one target");

    [Fact]
    public void An_invalid_threshold_is_reported_at_its_line_with_the_position_in_the_expression()
    {
        var text = $"""
            name: a
            target: http://127.0.0.1:5080
            {Scenarios}
            thresholds:
              - failures.rate < 1%
              - latency.p95 < 500ms
              - latncy.p95 < 500ms
              - latency.p95 500ms
            """;

        text.ShouldHaveProblem("thresholds[2]", 7, "'latncy.p95 < 500ms': unknown metric 'latncy' (did you mean 'latency'?) at 1");
        text.ShouldHaveProblem("thresholds[3]", 8, "expected operator (<, <=, >, >=, ==, !=), found '500ms' at 13");
        PlanParser.Parse(text).Problems.Count.ShouldBe(2);
    }

    [Fact]
    public void A_threshold_about_an_unknown_request_is_reported() =>
        $"name: a\ntarget: http://127.0.0.1:5080\n{Scenarios}\nthresholds:\n  - latency{{request:hom}}.p95 < 1s"
            .ShouldHaveOnlyProblem("thresholds[0]", 5, "unknown request 'hom', did you mean 'home'?");

    [Fact]
    public void A_threshold_that_is_neither_text_nor_a_threshold_mapping_is_reported()
    {
        var text = $"name: a\ntarget: http://127.0.0.1:5080\n{Scenarios}\nthresholds:\n  - {{ p95: 1 }}\n  - [1]";
        text.ShouldHaveProblem("thresholds[0].p95", 5, "unknown field 'p95'");
        text.ShouldHaveProblem("thresholds[0].threshold", 5, "is required");
        text.ShouldHaveProblem("thresholds[1]", 6, "expected text, found a list");
    }

    [Fact]
    public void Every_problem_is_reported_at_once_in_document_order()
    {
        const string text = """
            name: "bad/name"
            slices: 0
            target: ftp://x
            scenarios:
              - name: s
                vus: 0
                duration: forever
                requests:
                  - method: FETCH
                    path: nope
                    expect: [999]
            thresholds:
              - latency.p95 <
            """;

        var problems = PlanParser.Parse(text).Problems;

        problems.Select(p => (p.Field, p.Line)).ShouldBe(
        [
            ("name", 1),
            ("slices", 2),
            ("target", 3),
            ("scenarios[0].vus", 6),
            ("scenarios[0].duration", 7),
            ("scenarios[0].requests[0].method", 9),
            ("scenarios[0].requests[0].path", 10),
            ("scenarios[0].requests[0].expect[0]", 11),
            ("thresholds[0]", 13),
        ]);
    }

    [Fact]
    public void A_problem_prints_its_line_field_and_message() =>
        PlanParser.Parse("name: a\nslices: 0").Problems.First(p => p.Field == "slices").ToString()
            .ShouldBe("line 2: slices: must be between 1 and 1000, found 0");
}
