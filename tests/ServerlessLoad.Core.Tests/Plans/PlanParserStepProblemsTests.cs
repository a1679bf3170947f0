using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Core.Tests.Plans;

/// <summary>Mistakes in multi-step scenarios, each reported with its field and line (line 8 starts the first step).</summary>
public class PlanParserStepProblemsTests
{
    private static string PlanWithSteps(string steps, string scenarioExtra = "") => $"""
        name: demo
        target: http://127.0.0.1:5080
        scenarios:
          - name: s
            vus: 1
            duration: 1s{scenarioExtra}
            steps:
        {Indent(steps)}
        """;

    private static string Indent(string steps) => string.Join("\n", steps.Split('\n').Select(line => "      " + line));

    [Fact]
    public void An_unknown_step_kind_is_reported_with_a_hint() =>
        PlanWithSteps("- htp: {path: /}").ShouldHaveOnlyProblem("scenarios[0].steps[0].htp", 8, "unknown step kind 'htp', did you mean 'http'? (known: http, think, websocket, browser)");

    [Fact]
    public void A_step_with_two_kinds_is_reported() =>
        PlanWithSteps("- http: {path: /}\n  think: 1s").ShouldHaveOnlyProblem("scenarios[0].steps[0]", 8, "a step has exactly one of http, think, websocket or browser, found http, think");

    [Fact]
    public void Empty_steps_are_reported() =>
        """
        name: demo
        target: http://127.0.0.1:5080
        scenarios:
          - name: s
            vus: 1
            duration: 1s
            steps: []
        """.ShouldHaveOnlyProblem("scenarios[0].steps", 7, "must list at least one step");

    [Fact]
    public void A_scenario_with_both_requests_and_steps_is_reported() =>
        PlanWithSteps("- think: 1s", "\n    requests: [{path: /}]").ShouldHaveOnlyProblem("scenarios[0].steps", 8, "set either 'requests'");

    [Fact]
    public void A_scenario_with_neither_requests_nor_steps_is_reported() =>
        """
        name: demo
        target: http://127.0.0.1:5080
        scenarios:
          - name: s
            vus: 1
            duration: 1s
        """.ShouldHaveOnlyProblem("scenarios[0].requests", 4, "is required (or 'steps'");

    [Fact]
    public void Data_with_requests_is_reported() =>
        """
        name: demo
        target: http://127.0.0.1:5080
        scenarios:
          - name: s
            vus: 1
            duration: 1s
            data: {a: {values: [1]}}
            requests: [{path: /}]
        """.ShouldHaveOnlyProblem("scenarios[0].data", 7, "cannot use them");

    [Theory]
    [InlineData("- http: {path: \"/a/{{token}}\"}", "scenarios[0].steps[0].http.path", "'{{token}}' is not defined: a variable must be captured by an earlier step of the scenario (no earlier step captures anything")]
    [InlineData("- http: {path: \"/a/{{vu\"}", "scenarios[0].steps[0].http.path", "has a malformed template: '{{' at character 4 is never closed")]
    [InlineData("- http: {path: \"/a/{{randomInt 9 1}}\"}", "scenarios[0].steps[0].http.path", "randomInt's lower bound 9 is above its upper bound 1")]
    [InlineData("- http: {path: /a, headers: {authorization: \"Bearer {{tokn}}\"}}", "scenarios[0].steps[0].http.headers.authorization", "'{{tokn}}' is not defined")]
    [InlineData("- http: {path: /a, json: {a: [\"{{x}}\"]}}", "scenarios[0].steps[0].http.json.a[0]", "'{{x}}' is not defined")]
    [InlineData("- http: {path: /a, body: \"{{x}}\"}", "scenarios[0].steps[0].http.body", "'{{x}}' is not defined")]
    [InlineData("- http: {path: /a, form: {f: \"{{x}}\"}}", "scenarios[0].steps[0].http.form.f", "'{{x}}' is not defined")]
    [InlineData("- http: {path: /a, query: {q: \"{{x}}\"}}", "scenarios[0].steps[0].http.query.q", "'{{x}}' is not defined")]
    [InlineData("- http: {path: \"/a/{{users.email}}\"}", "scenarios[0].steps[0].http.path", "reads the data source 'users', but the scenario has no 'data:'")]
    public void A_template_that_reads_nothing_defined_is_reported(string step, string field, string message) =>
        PlanWithSteps(step).ShouldHaveOnlyProblem(field, 8, message);

    [Fact]
    public void A_variable_captured_only_by_a_later_step_is_not_defined_yet() =>
        PlanWithSteps("- http: {name: a, path: \"/a/{{t}}\"}\n- http: {name: b, path: /b, capture: {t: {json: $.t}}}")
            .ShouldHaveOnlyProblem("scenarios[0].steps[0].http.path", 8, "'{{t}}' is not defined");

    [Fact]
    public void A_step_cannot_read_its_own_capture() =>
        PlanWithSteps("- http: {name: a, path: \"/a/{{t}}\", capture: {t: {json: $.t}}}")
            .ShouldHaveOnlyProblem("scenarios[0].steps[0].http.path", 8, "'{{t}}' is not defined");

    [Fact]
    public void An_unknown_data_source_or_column_is_reported_with_what_exists() =>
        PlanWithSteps("- http: {name: a, path: \"/a/{{user.email}}\"}\n- http: {name: b, path: \"/b/{{users.mail}}\"}", "\n    data: {users: {values: [{email: a}]}}")
            .ShouldHaveProblem("scenarios[0].steps[0].http.path", 9, "unknown data source 'user', did you mean 'users'? (known: users)");

    [Fact]
    public void An_unknown_column_is_reported_with_the_columns()
    {
        var text = PlanWithSteps("- http: {name: b, path: \"/b/{{users.mail}}\"}", "\n    data: {users: {values: [{email: a}]}}");

        text.ShouldHaveOnlyProblem("scenarios[0].steps[0].http.path", 9, "data source 'users' has no column 'mail', did you mean 'email'? (columns: email)");
    }

    [Fact]
    public void Every_problem_is_reported_at_once_in_line_order()
    {
        var problems = PlanParser.Parse(PlanWithSteps("""
            - htp: {path: /}
            - http: {path: "/{{a}}"}
            - think: {uniform: [2s, 1s]}
            - http: {name: c, path: /c, checks: [{json: {path: "a.b", exists: true}}], capture: {x: {regex: "("}}}
            """)).Problems;

        problems.Select(p => (p.Line, p.Field)).ShouldBe(
        [
            (8, "scenarios[0].steps[0].htp"),
            (9, "scenarios[0].steps[1].http.path"),
            (10, "scenarios[0].steps[2].think.uniform"),
            (11, "scenarios[0].steps[3].http.checks[0].json.path"),
            (11, "scenarios[0].steps[3].http.capture.x.regex"),
        ]);
    }

    [Theory]
    [InlineData("- http: {path: /, checks: [{json: {path: '$.a[', exists: true}}]}", "scenarios[0].steps[0].http.checks[0].json.path", "'$.a[' is not a JSON path: '[' at character 4 is never closed")]
    [InlineData("- http: {path: /, capture: {a: {json: token}}}", "scenarios[0].steps[0].http.capture.a.json", "is not a JSON path")]
    [InlineData("- http: {path: /, capture: {a: {regex: 'a(b'}}}", "scenarios[0].steps[0].http.capture.a.regex", "is not a valid regular expression")]
    [InlineData("- http: {path: /, capture: {a: {xml: /a}}}", "scenarios[0].steps[0].http.capture.a.xml", "unknown capture source 'xml' (known: json, header, regex)")]
    [InlineData("- http: {path: /, capture: {vu: {json: $.a}}}", "scenarios[0].steps[0].http.capture.vu", "'vu' is a built-in placeholder")]
    [InlineData("- http: {path: /, capture: {a.b: {json: $.a}}}", "scenarios[0].steps[0].http.capture.a.b", "variable name 'a.b' must start with a letter")]
    [InlineData("- http: {path: /, checks: [{statu: [200]}]}", "scenarios[0].steps[0].http.checks[0].statu", "unknown check 'statu', did you mean 'status'? (known: status, header, body, json, latency)")]
    [InlineData("- http: {path: /, checks: [{status: [700]}]}", "scenarios[0].steps[0].http.checks[0].status[0]", "expected a status code")]
    [InlineData("- http: {path: /, checks: [{header: {name: a, equals: b, contains: c}}]}", "scenarios[0].steps[0].http.checks[0].header.contains", "set exactly one of equals, contains, exists")]
    [InlineData("- http: {path: /, checks: [{header: {name: a}}]}", "scenarios[0].steps[0].http.checks[0].header.equals", "set exactly one of equals, contains, exists")]
    [InlineData("- http: {path: /, checks: [{json: {path: $.a, exists: false}}]}", "scenarios[0].steps[0].http.checks[0].json.exists", "must be true")]
    [InlineData("- http: {path: /, checks: [{latency: {under: 0s}}]}", "scenarios[0].steps[0].http.checks[0].latency.under", "must be greater than 0")]
    [InlineData("- http: {path: /, checks: [{body: {contain: x}}]}", "scenarios[0].steps[0].http.checks[0].body.contain", "unknown field 'contain', did you mean 'contains'?")]
    [InlineData("- http: {path: /, weight: 2}", "scenarios[0].steps[0].http.weight", "unknown field 'weight'")]
    [InlineData("- http: {path: /, json: {a: 1}, form: {b: 2}}", "scenarios[0].steps[0].http.form", "set one of 'json', 'body' or 'form', not json and form")]
    [InlineData("- http: {path: \"/a b/{{randomInt 1 2}}\"}", "scenarios[0].steps[0].http.path", "must not contain spaces")]
    [InlineData("- http: {path: \"/{{vu}}\", target: api}", "scenarios[0].steps[0].http.target", "unknown target 'api'")]
    public void A_wrong_check_capture_or_request_field_is_reported(string step, string field, string message) =>
        PlanWithSteps(step).ShouldHaveProblem(field, 8, message);

    [Fact]
    public void A_templated_path_without_a_name_asks_for_one() =>
        PlanWithSteps("- http: {path: \"/a/{{vu}}\"}").ShouldHaveOnlyProblem("scenarios[0].steps[0].http.name", 8, "give the request a name");

    [Fact]
    public void Http_step_names_are_unique_plan_wide_like_requests() =>
        """
        name: demo
        target: http://127.0.0.1:5080
        scenarios:
          - name: a
            vus: 1
            duration: 1s
            requests: [{name: login, path: /}]
          - name: b
            vus: 1
            duration: 1s
            steps:
              - http: {name: login, path: /login}
        """.ShouldHaveOnlyProblem("scenarios[1].steps[0].http.name", 12, "duplicate request name 'login' (first at line 7)");

    [Theory]
    [InlineData("- think: -1", "scenarios[0].steps[0].think", "must not be negative")]
    [InlineData("- think: soon", "scenarios[0].steps[0].think", "expected a duration")]
    [InlineData("- think: {uniform: [2s, 1s]}", "scenarios[0].steps[0].think.uniform", "the minimum 2s is above the maximum 1s")]
    [InlineData("- think: {uniform: [1s]}", "scenarios[0].steps[0].think.uniform", "expected a list of two durations")]
    [InlineData("- think: {normal: {mean: 1s}}", "scenarios[0].steps[0].think.normal.stddev", "is required")]
    [InlineData("- think: {poisson: 1s}", "scenarios[0].steps[0].think.poisson", "unknown distribution 'poisson'")]
    [InlineData("- think: {uniform: [1s, 2s], normal: {mean: 1s, stddev: 1s}}", "scenarios[0].steps[0].think", "expected exactly one of uniform or normal")]
    [InlineData("- think: 2h", "scenarios[0].steps[0].think", "must be at most 1h")]
    public void A_wrong_think_time_is_reported(string step, string field, string message) =>
        PlanWithSteps(step).ShouldHaveOnlyProblem(field, 8, message);

    [Fact]
    public void A_scenario_think_time_distribution_is_checked_the_same_way() =>
        PlanWithSteps("- think: 1s", "\n    thinkTime: {uniform: [3s, 1s]}").ShouldHaveOnlyProblem("scenarios[0].thinkTime.uniform", 7, "the minimum 3s is above the maximum 1s");

    [Fact]
    public void Cookies_must_be_a_boolean() =>
        PlanWithSteps("- think: 1s", "\n    cookies: yes").ShouldHaveOnlyProblem("scenarios[0].cookies", 7, "expected true or false");

    [Theory]
    [InlineData("{users: {}}", "scenarios[0].data.users.values", "needs 'file:' (a CSV file beside the plan) or 'values:'")]
    [InlineData("{users: {file: u.csv, values: [1]}}", "scenarios[0].data.users.values", "set either 'file' or 'values', not both")]
    [InlineData("{users: {values: []}}", "scenarios[0].data.users.values", "must list at least one row")]
    [InlineData("{users: {values: [1], order: shuffled}}", "scenarios[0].data.users.order", "unknown order 'shuffled' (known: sequential, random)")]
    [InlineData("{users: {values: [{a: 1}, {b: 2}]}}", "scenarios[0].data.users.values[1]", "expected the columns of the first row (a), found b")]
    [InlineData("{users: {values: [1, [2]]}}", "scenarios[0].data.users.values[1]", "expected a value like the first row")]
    [InlineData("{1users: {values: [1]}}", "scenarios[0].data.1users", "data source name '1users' must start with a letter")]
    [InlineData("{users: {file: users.csv}}", "scenarios[0].data.users.file", "a plan sent over HTTP has no files beside it, so inline the rows with 'values:' or submit the plan with the CLI")]
    public void A_wrong_data_source_is_reported(string data, string field, string message) =>
        PlanWithSteps("- think: 1s", $"\n    data: {data}").ShouldHaveOnlyProblem(field, 7, message);

    [Theory]
    [InlineData("email,password\na,b\nc\n", "users.csv line 3: expected 2 values (email, password), found 1")]
    [InlineData("email,password\na,b,c\n", "users.csv line 2: expected 2 values (email, password), found 3")]
    [InlineData("email\n\"a\n", "users.csv line 2: a quoted value is never closed")]
    [InlineData("email,email\na,b\n", "users.csv line 1: the column 'email' appears twice")]
    [InlineData("e mail\na\n", "users.csv line 1: column name 'e mail' must start with a letter")]
    [InlineData("email\n", "users.csv has a header row but no rows")]
    [InlineData("", "users.csv is empty")]
    public void A_bad_csv_file_is_reported_with_its_name_and_line(string csv, string message)
    {
        var text = PlanWithSteps("- think: 1s", "\n    data: {users: {file: users.csv}}");
        var result = PlanParser.Parse(text, new PlanParseOptions { ReadDataFile = _ => csv });

        result.Plan.ShouldBeNull();
        result.Problems.ShouldHaveSingleItem().ShouldBe(new PlanProblem("scenarios[0].data.users.file", 7, result.Problems[0].Message));
        result.Problems[0].Message.ShouldContain(message);
    }

    [Fact]
    public void A_missing_csv_file_is_reported_with_the_readers_reason()
    {
        var text = PlanWithSteps("- think: 1s", "\n    data: {users: {file: nope.csv}}");
        var result = PlanParser.Parse(text, PlanParserStepsTests.Files);

        result.Problems.ShouldHaveSingleItem().ToString().ShouldBe("line 7: scenarios[0].data.users.file: cannot read 'nope.csv': Could not find file 'nope.csv'.");
    }

    [Fact]
    public void Ragged_rows_are_all_reported()
    {
        var text = PlanWithSteps("- think: 1s", "\n    data: {users: {file: users.csv}}");
        var result = PlanParser.Parse(text, new PlanParseOptions { ReadDataFile = _ => "a,b\n1\n2,3\n4,5,6\n" });

        result.Problems.Select(p => p.Message).ShouldBe(
        [
            "users.csv line 2: expected 2 values (a, b), found 1",
            "users.csv line 4: expected 2 values (a, b), found 3",
        ]);
    }
}
