namespace ServerlessLoad.Core.Tests.Plans;

/// <summary>Mistakes inside a request (line 8 of every plan here starts the request's first field).</summary>
public class PlanParserRequestProblemsTests
{
    private static string PlanWithRequest(string request, string targets = "target: http://127.0.0.1:5080") => $"""
        name: demo
        {targets}
        scenarios:
          - name: s
            vus: 1
            duration: 1s
            requests:
        {Indent(request)}
        """;

    private static string Indent(string request) =>
        string.Join("\n", request.Split('\n').Select((line, i) => (i == 0 ? "      - " : "        ") + line));

    [Theory]
    [InlineData("GTE", "unknown method 'GTE', did you mean 'GET'? (known: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS)")]
    [InlineData("CONNECT", "unknown method 'CONNECT'")]
    [InlineData("[GET]", "expected text, found a list")]
    public void An_unknown_method_is_reported(string method, string message) =>
        PlanWithRequest($"path: /\nmethod: {method}").ShouldHaveOnlyProblem("scenarios[0].requests[0].method", 9, message);

    [Theory]
    [InlineData("fast", "must start with '/', found 'fast'")]
    [InlineData("\"/a b\"", "must not contain spaces")]
    public void A_path_must_start_with_a_slash_and_have_no_spaces(string path, string message) =>
        PlanWithRequest($"method: GET\npath: {path}").ShouldHaveOnlyProblem("scenarios[0].requests[0].path", 9, message);

    [Fact]
    public void A_missing_path_is_reported_at_the_request() =>
        PlanWithRequest("method: GET").ShouldHaveOnlyProblem("scenarios[0].requests[0].path", 8, "is required");

    [Theory]
    [InlineData("0", "must be between 1 and 1000000, found 0")]
    [InlineData("heavy", "expected a whole number")]
    public void A_weight_below_1_is_reported(string weight, string message) =>
        PlanWithRequest($"path: /\nweight: {weight}").ShouldHaveOnlyProblem("scenarios[0].requests[0].weight", 9, message);

    [Theory]
    [InlineData("0s", "must be greater than 0")]
    [InlineData("2h", "must be at most 1h")]
    [InlineData("soon", "expected a duration")]
    public void A_timeout_must_be_positive(string timeout, string message) =>
        PlanWithRequest($"path: /\ntimeout: {timeout}").ShouldHaveOnlyProblem("scenarios[0].requests[0].timeout", 9, message);

    [Fact]
    public void A_request_naming_an_unknown_target_is_reported_with_the_known_ones() =>
        PlanWithRequest("path: /\ntarget: apj", "targets: { api: 'http://127.0.0.1:5080', web: 'http://127.0.0.1:5081' }")
            .ShouldHaveOnlyProblem("scenarios[0].requests[0].target", 9, "unknown target 'apj', did you mean 'api'? (known: api, web)");

    [Fact]
    public void A_request_must_name_its_target_when_there_are_several() =>
        PlanWithRequest("path: /", "targets: { api: 'http://127.0.0.1:5080', web: 'http://127.0.0.1:5081' }")
            .ShouldHaveOnlyProblem("scenarios[0].requests[0].target", 8, "is required when the plan has several targets (api, web)");

    [Fact]
    public void Json_and_body_together_are_reported() =>
        PlanWithRequest("path: /\njson: { a: 1 }\nbody: text").ShouldHaveOnlyProblem("scenarios[0].requests[0].body", 10, "set either 'json' or 'body', not both");

    [Fact]
    public void A_content_type_without_a_body_is_reported() =>
        PlanWithRequest("path: /\ncontentType: text/plain").ShouldHaveOnlyProblem("scenarios[0].requests[0].contentType", 9, "has no effect without 'body' or 'json'");

    [Fact]
    public void A_json_body_that_json_cannot_express_is_reported_at_the_value() =>
        PlanWithRequest("path: /\njson:\n  ok: 1\n  bad: .inf").ShouldHaveOnlyProblem("scenarios[0].requests[0].json.bad", 11, "JSON has no value for .inf");

    [Fact]
    public void A_duplicate_key_inside_a_json_body_is_reported() =>
        PlanWithRequest("path: /\njson:\n  a: 1\n  a: 2").ShouldHaveOnlyProblem("scenarios[0].requests[0].json.a", 11, "duplicate key 'a' (first at line 10)");

    [Theory]
    [InlineData("[200, 700]", "scenarios[0].requests[0].expect[1]", "expected a status code (100-599)")]
    [InlineData("[\"299-200\"]", "scenarios[0].requests[0].expect[0]", "the range '299-200' is reversed: write \"200-299\"")]
    [InlineData("[\"2xx\"]", "scenarios[0].requests[0].expect[0]", "found '2xx'")]
    [InlineData("[]", "scenarios[0].requests[0].expect", "must list at least one status")]
    [InlineData("[{ a: 1 }]", "scenarios[0].requests[0].expect[0]", "found a mapping")]
    public void Expected_statuses_must_be_codes_or_ranges_between_100_and_599(string expect, string field, string message) =>
        PlanWithRequest($"path: /\nexpect: {expect}").ShouldHaveOnlyProblem(field, 9, message);

    [Theory]
    [InlineData("{ 'Bad Name': x }", "scenarios[0].requests[0].headers.Bad Name", "'Bad Name' is not a valid header name")]
    [InlineData("{ Content-Type: text/plain }", "scenarios[0].requests[0].headers.Content-Type", "set the request's 'contentType' instead")]
    [InlineData("{ Content-Length: 5 }", "scenarios[0].requests[0].headers.Content-Length", "is set by the load generator")]
    [InlineData("{ X-A: \"a\\nb\" }", "scenarios[0].requests[0].headers.X-A", "must not contain line breaks")]
    [InlineData("{ X-A: [1] }", "scenarios[0].requests[0].headers.X-A", "expected text, found a list")]
    [InlineData("{ X-A: 1, x-a: 2 }", "scenarios[0].requests[0].headers.x-a", "duplicate key 'x-a' (first at line 9)")]
    [InlineData("[X-A]", "scenarios[0].requests[0].headers", "expected a mapping, found a list")]
    public void Invalid_headers_are_reported(string headers, string field, string message) =>
        PlanWithRequest($"path: /\nheaders: {headers}").ShouldHaveOnlyProblem(field, 9, message);

    [Theory]
    [InlineData("\"\"", "must not be empty")]
    [InlineData("\" home\"", "must not start or end with spaces")]
    [InlineData("\"a{b}\"", "must not contain '{' or '}'")]
    public void Unusable_request_names_are_reported(string name, string message) =>
        PlanWithRequest($"path: /\nname: {name}").ShouldHaveOnlyProblem("scenarios[0].requests[0].name", 9, message);

    [Fact]
    public void Request_names_must_be_unique_across_the_whole_plan()
    {
        const string text = """
            name: demo
            target: http://127.0.0.1:5080
            scenarios:
              - name: a
                vus: 1
                duration: 1s
                requests:
                  - path: /same
              - name: b
                vus: 1
                duration: 1s
                requests:
                  - path: /same
            """;

        text.ShouldHaveOnlyProblem("scenarios[1].requests[0].name", 13, "duplicate request name 'GET /same' (first at line 8)");
    }
}
