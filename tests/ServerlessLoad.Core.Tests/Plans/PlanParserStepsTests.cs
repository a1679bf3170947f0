using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Core.Tests.Plans;

/// <summary>Every form of the multi-step syntax reads into the model the engine runs.</summary>
public class PlanParserStepsTests
{
    internal const string Journey = """
        name: journey
        target: http://127.0.0.1:5080
        scenarios:
          - name: journey
            executor: constant-vus
            vus: 10
            duration: 1m
            cookies: true
            thinkTime: {uniform: [500ms, 1500ms]}
            data:
              users: {file: users.csv, order: random}
              colors: {values: [red, green]}
            steps:
              - http:
                  name: login
                  method: POST
                  path: /login?user={{users.email}}
                  json: {user: "{{users.email}}", n: "{{randomInt 1 10}}"}
                  expect: [200, "201-204"]
                  checks:
                    - status: [200, "201-204"]
                    - header: {name: content-type, contains: json}
                    - header: {name: x-ok, equals: "yes"}
                    - header: {name: x-session, exists: true}
                    - body: {contains: "ok"}
                    - json: {path: $.user.id, equals: 42}
                    - json: {path: "$['token']", exists: true}
                    - latency: {under: 300ms}
                  capture:
                    token: {json: $.token}
                    session: {header: x-session}
                    id: {regex: 'id=(\d+)'}
              - think: 1s
              - http: {name: me, path: /me, headers: {authorization: "Bearer {{token}}"}, query: {color: "{{colors.value}}", q: a b}}
              - think: {normal: {mean: 1s, stddev: 200ms}}
              - http: {name: save, method: PUT, path: "/items/{{id}}", form: {a: b, who: "{{vu}}-{{iteration}}", uuid: "{{uuid}}"}}
        thresholds:
          - latency{request:login}.p95 < 500ms
        """;

    internal static readonly PlanParseOptions Files = new()
    {
        ReadDataFile = name => name == "users.csv"
            ? "email,password\nann@example.com,secret1\r\n\"bob,jr@example.com\",\"pa\"\"ss\"\n"
            : throw new FileNotFoundException($"Could not find file '{name}'."),
    };

    private static Scenario Read(string text = Journey)
    {
        var result = PlanParser.Parse(text, Files);
        result.Problems.ShouldBeEmpty();
        return result.Plan!.Scenarios[0];
    }

    [Fact]
    public void A_journey_reads_its_steps_in_order_and_no_requests()
    {
        var scenario = Read();

        scenario.Requests.ShouldBeEmpty();
        scenario.Steps.Select(s => s.GetType().Name).ShouldBe(["HttpStep", "ThinkStep", "HttpStep", "ThinkStep", "HttpStep"]);
        scenario.Cookies.ShouldBeTrue();
        scenario.Metrics.Select(m => m.Name).ShouldBe(["login", "me", "save"]);
    }

    [Fact]
    public void An_http_step_keeps_its_templates_and_json_body()
    {
        var login = (HttpStep)Read().Steps[0];

        login.Request.Name.ShouldBe("login");
        login.Request.Method.ShouldBe("POST");
        login.Request.Target.ShouldBe("default");
        login.Request.Path.ShouldBe("/login?user={{users.email}}");
        login.Request.Body.ShouldBe("""{"user":"{{users.email}}","n":"{{randomInt 1 10}}"}""");
        login.Request.ContentType.ShouldBe("application/json");
        login.Request.Expect.ShouldBe([new StatusRange(200, 200), new StatusRange(201, 204)]);
        Template.Parse(login.Request.Body!).DataColumns.ShouldBe([("users", "email")]);
    }

    [Fact]
    public void Checks_read_into_their_kinds_with_subjects_and_expected_values()
    {
        var checks = ((HttpStep)Read().Steps[0]).Checks;

        checks.Select(c => c.Kind).ShouldBe(
        [
            CheckKind.Status, CheckKind.HeaderContains, CheckKind.Header, CheckKind.Header, CheckKind.BodyContains,
            CheckKind.JsonPathEquals, CheckKind.JsonPathExists, CheckKind.LatencyUnder,
        ]);
        checks[0].Statuses.ShouldBe([new StatusRange(200, 200), new StatusRange(201, 204)]);
        (checks[1].Subject, checks[1].Expected).ShouldBe(("content-type", "json"));
        (checks[2].Subject, checks[2].Expected).ShouldBe(("x-ok", "yes"));
        (checks[3].Subject, checks[3].Expected).ShouldBe(("x-session", null));
        checks[4].Expected.ShouldBe("ok");
        (checks[5].Subject, checks[5].Expected).ShouldBe(("$.user.id", "42"));
        checks[6].Subject.ShouldBe("$['token']");
        checks[7].Bound.ShouldBe(TimeSpan.FromMilliseconds(300));
        checks[7].Description.ShouldBe("latency < 300ms");
    }

    [Fact]
    public void Captures_read_from_json_header_and_regex()
    {
        var captures = ((HttpStep)Read().Steps[0]).Captures;

        captures.ShouldBe(
        [
            new Capture("token", CaptureSource.JsonPath, "$.token"),
            new Capture("session", CaptureSource.Header, "x-session"),
            new Capture("id", CaptureSource.Regex, @"id=(\d+)"),
        ]);
    }

    [Fact]
    public void A_query_mapping_is_appended_encoded_around_its_placeholders()
    {
        var me = (HttpStep)Read().Steps[2];

        me.Request.Path.ShouldBe("/me?color={{colors.value}}&q=a%20b");
        me.Request.Headers["Authorization"].ShouldBe("Bearer {{token}}");
    }

    [Fact]
    public void A_form_body_is_url_encoded_with_its_content_type()
    {
        var save = (HttpStep)Read().Steps[4];

        save.Request.Body.ShouldBe("a=b&who={{vu}}-{{iteration}}&uuid={{uuid}}");
        save.Request.ContentType.ShouldBe("application/x-www-form-urlencoded");
        save.Request.Path.ShouldBe("/items/{{id}}");
    }

    [Fact]
    public void Think_times_read_as_fixed_uniform_and_normal()
    {
        var scenario = Read();

        scenario.ThinkTime.ShouldBe(ThinkTime.Uniform(TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(1500)));
        ((ThinkStep)scenario.Steps[1]).Think.ShouldBe(ThinkTime.Fixed(TimeSpan.FromSeconds(1)));
        ((ThinkStep)scenario.Steps[3]).Think.ShouldBe(ThinkTime.Normal(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public void A_csv_file_reads_its_header_as_columns_and_quoted_values_whole()
    {
        var users = Read().Data[0];

        users.Name.ShouldBe("users");
        users.File.ShouldBe("users.csv");
        users.Order.ShouldBe(DataOrder.Random);
        users.Columns.ShouldBe(["email", "password"]);
        users.Rows.ShouldBe([["ann@example.com", "secret1"], ["bob,jr@example.com", "pa\"ss"]]);
    }

    [Fact]
    public void Inline_scalars_form_a_value_column_and_inline_mappings_name_their_columns()
    {
        var scenario = Read(Journey.Replace("colors: {values: [red, green]}", "colors: {values: [{name: red, hex: f00}, {hex: 0f0, name: green}]}", StringComparison.Ordinal)
            .Replace("{{colors.value}}", "{{colors.hex}}", StringComparison.Ordinal));

        Read().Data[1].Columns.ShouldBe(["value"]);
        Read().Data[1].Rows.ShouldBe([["red"], ["green"]]);
        Read().Data[1].Order.ShouldBe(DataOrder.Sequential);
        scenario.Data[1].Columns.ShouldBe(["name", "hex"]);
        scenario.Data[1].Rows.ShouldBe([["red", "f00"], ["green", "0f0"]]);
    }

    [Fact]
    public void A_step_may_read_what_an_earlier_step_captured_and_a_later_capture_of_the_same_name_wins()
    {
        var scenario = Read("""
            name: p
            target: http://127.0.0.1:5080
            scenarios:
              - name: s
                vus: 1
                duration: 1s
                steps:
                  - http: {name: a, path: /a, capture: {t: {json: $.t}}}
                  - http: {name: b, path: "/b/{{t}}", capture: {t: {header: x-t}}}
                  - http: {name: c, path: "/c/{{t}}"}
            """);

        scenario.Steps.Count.ShouldBe(3);
    }

    [Fact]
    public void A_json_plan_reads_like_its_yaml_twin()
    {
        var scenario = Read("""
            {"name": "p", "target": "http://127.0.0.1:5080",
             "scenarios": [{"name": "s", "vus": 1, "duration": "1s", "cookies": true,
               "thinkTime": {"normal": {"mean": "1s", "stddev": "100ms"}},
               "data": {"ids": {"values": [1, 2]}},
               "steps": [
                 {"http": {"name": "a", "path": "/a/{{ids.value}}", "checks": [{"json": {"path": "$.ok", "equals": true}}], "capture": {"t": {"json": "$.t"}}}},
                 {"think": "250ms"},
                 {"http": {"name": "b", "method": "POST", "path": "/b", "body": "t={{t}}", "contentType": "text/plain"}}]}]}
            """);

        scenario.Data[0].Rows.ShouldBe([["1"], ["2"]]);
        ((HttpStep)scenario.Steps[0]).Checks[0].Expected.ShouldBe("true");
        ((ThinkStep)scenario.Steps[1]).Think.ShouldBe(ThinkTime.Fixed(TimeSpan.FromMilliseconds(250)));
        ((HttpStep)scenario.Steps[2]).Request.Body.ShouldBe("t={{t}}");
        scenario.ThinkTime.Distribution.ShouldBe(ThinkDistribution.Normal);
    }

    [Fact]
    public void The_example_journey_plan_is_valid_with_its_csv_file()
    {
        var directory = Path.Combine(RepositoryRoot(), "examples");

        var result = PlanParser.Parse(
            File.ReadAllText(Path.Combine(directory, "journey.yaml")),
            new PlanParseOptions { ReadDataFile = name => File.ReadAllText(Path.Combine(directory, name)) });

        result.Problems.ShouldBeEmpty();
        result.Plan!.Scenarios.ShouldContain(s => s.Steps.Count > 0 && s.Data.Count > 0);
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ServerlessLoad.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"ServerlessLoad.sln not found above {AppContext.BaseDirectory}");
    }
}
