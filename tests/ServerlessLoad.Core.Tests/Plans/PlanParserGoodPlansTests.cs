using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Core.Tests.Plans;

public class PlanParserGoodPlansTests
{
    internal const string FullPlan = """
        name: demo
        slices: 4
        targets:
          api: http://127.0.0.1:5080
          web: https://localhost:5443/app/
        scenarios:
          - name: browse
            executor: constant-vus
            vus: 8
            duration: 1m30s
            startTime: 500ms
            requests:
              - name: home
                weight: 3
                method: get
                target: api
                path: /fast?x=1
                headers: { Accept: text/plain, X-Count: 5 }
                expect: [200, "200-299", 404]
                timeout: 10s
              - method: POST
                target: web
                path: /orders
                json: { hello: world, count: 2, ratio: 0.5, ok: true, none: null, tags: [a, "1"] }
          - name: upload
            vus: 2
            duration: 20
            requests:
              - name: raw
                method: PUT
                target: api
                path: /raw
                body: "raw text"
                contentType: text/plain
        thresholds:
          - failures.rate < 1%
          - latency{request:home}.p95 < 500ms
        """;

    [Fact]
    public void A_full_yaml_plan_is_valid_with_no_problems()
    {
        var result = PlanParser.Parse(FullPlan);

        result.Problems.ShouldBeEmpty();
        result.IsValid.ShouldBeTrue();
    }

    [Fact]
    public void A_full_yaml_plan_maps_plan_level_fields()
    {
        var plan = PlanParser.Parse(FullPlan).Plan!;

        plan.Name.ShouldBe("demo");
        plan.Slices.ShouldBe(4);
        plan.Targets.Keys.ShouldBe(["api", "web"]);
        plan.Targets["api"].ShouldBe(new Uri("http://127.0.0.1:5080/"));
        plan.Targets["web"].ShouldBe(new Uri("https://localhost:5443/app/"));
        plan.Thresholds.ShouldBe(["failures.rate < 1%", "latency{request:home}.p95 < 500ms"]);
        plan.TotalDuration.ShouldBe(TimeSpan.FromSeconds(90.5));
    }

    [Fact]
    public void A_full_yaml_plan_maps_scenarios_with_durations_in_every_format()
    {
        var plan = PlanParser.Parse(FullPlan).Plan!;

        plan.Scenarios.Select(s => s.Name).ShouldBe(["browse", "upload"]);
        var browse = plan.Scenarios[0];
        browse.Executor.ShouldBe(Executors.ConstantVus);
        browse.Vus.ShouldBe(8);
        browse.Duration.ShouldBe(TimeSpan.FromSeconds(90));
        browse.StartTime.ShouldBe(TimeSpan.FromMilliseconds(500));
        var upload = plan.Scenarios[1];
        upload.Duration.ShouldBe(TimeSpan.FromSeconds(20));
        upload.StartTime.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void A_request_with_every_field_keeps_them_all_and_upper_cases_the_method()
    {
        var home = PlanParser.Parse(FullPlan).Plan!.Scenarios[0].Requests[0];

        home.Name.ShouldBe("home");
        home.Weight.ShouldBe(3);
        home.Method.ShouldBe("GET");
        home.Target.ShouldBe("api");
        home.Path.ShouldBe("/fast?x=1");
        home.Headers.ShouldBe(new Dictionary<string, string> { ["Accept"] = "text/plain", ["X-Count"] = "5" });
        home.Headers["accept"].ShouldBe("text/plain");
        home.Expect.ShouldBe([new StatusRange(200, 200), new StatusRange(200, 299), new StatusRange(404, 404)]);
        home.Timeout.ShouldBe(TimeSpan.FromSeconds(10));
        home.Body.ShouldBeNull();
        home.ContentType.ShouldBeNull();
    }

    [Fact]
    public void A_request_without_a_name_is_named_after_its_method_and_path_and_gets_defaults()
    {
        var order = PlanParser.Parse(FullPlan).Plan!.Scenarios[0].Requests[1];

        order.Name.ShouldBe("POST /orders");
        order.Weight.ShouldBe(1);
        order.Timeout.ShouldBe(TimeSpan.FromSeconds(30));
        order.Expect.ShouldBeEmpty();
        order.Headers.ShouldBeEmpty();
    }

    [Fact]
    public void A_json_body_is_serialized_with_yaml_types_and_the_json_content_type()
    {
        var order = PlanParser.Parse(FullPlan).Plan!.Scenarios[0].Requests[1];

        order.Body.ShouldBe("""{"hello":"world","count":2,"ratio":0.5,"ok":true,"none":null,"tags":["a","1"]}""");
        order.ContentType.ShouldBe("application/json");
    }

    [Fact]
    public void A_raw_body_keeps_its_text_and_content_type()
    {
        var raw = PlanParser.Parse(FullPlan).Plan!.Scenarios[1].Requests[0];

        raw.Body.ShouldBe("raw text");
        raw.ContentType.ShouldBe("text/plain");
    }

    [Fact]
    public void The_shorthand_target_becomes_one_target_named_default_used_by_every_request()
    {
        var plan = PlanParser.Parse("""
            name: short
            target: http://127.0.0.1:5080
            scenarios:
              - name: s
                vus: 1
                duration: 2s
                requests:
                  - path: /fast
            """).Plan!;

        plan.Targets.Keys.ShouldBe(["default"]);
        plan.Targets["default"].ShouldBe(new Uri("http://127.0.0.1:5080"));
        plan.Slices.ShouldBe(1);
        plan.Thresholds.ShouldBeEmpty();
        var request = plan.Scenarios[0].Requests[0];
        request.Target.ShouldBe("default");
        request.Method.ShouldBe("GET");
        request.Name.ShouldBe("GET /fast");
    }

    [Fact]
    public void A_json_plan_reads_the_same_as_its_yaml_twin()
    {
        const string json = """
            {
            	"name": "demo",
            	"target": "http://127.0.0.1:5080",
            	"scenarios": [
            		{
            			"name": "browse",
            			"vus": 8,
            			"duration": "20s",
            			"requests": [
            				{"name": "home", "method": "POST", "path": "/fast", "json": {"a": [1, 2.5, "x"]}, "expect": [200, "300-399"]}
            			]
            		}
            	],
            	"thresholds": ["latency.p95 < 500ms"]
            }
            """;

        var result = PlanParser.Parse(json);

        result.Problems.ShouldBeEmpty();
        var plan = result.Plan!;
        plan.Name.ShouldBe("demo");
        plan.Scenarios[0].Vus.ShouldBe(8);
        plan.Scenarios[0].Duration.ShouldBe(TimeSpan.FromSeconds(20));
        var request = plan.Scenarios[0].Requests[0];
        request.Body.ShouldBe("""{"a":[1,2.5,"x"]}""");
        request.Expect.ShouldBe([new StatusRange(200, 200), new StatusRange(300, 399)]);
        plan.Thresholds.ShouldBe(["latency.p95 < 500ms"]);
    }

    [Fact]
    public void Anchors_and_aliases_are_expanded()
    {
        var plan = PlanParser.Parse("""
            name: anchors
            target: http://127.0.0.1:5080
            scenarios:
              - name: a
                vus: &vus 3
                duration: 5s
                requests:
                  - path: /a
                    headers: &common { Accept: application/json }
              - name: b
                vus: *vus
                duration: 5s
                requests:
                  - path: /b
                    headers: *common
            """).Plan!;

        plan.Scenarios[1].Vus.ShouldBe(3);
        plan.Scenarios[1].Requests[0].Headers["Accept"].ShouldBe("application/json");
    }

    [Fact]
    public void A_single_expected_status_may_be_written_without_a_list()
    {
        var request = PlanParser.Parse("""
            name: single
            target: http://127.0.0.1:5080
            scenarios:
              - name: s
                vus: 1
                duration: 1s
                requests:
                  - path: /missing
                    expect: 404
            """).Plan!.Scenarios[0].Requests[0];

        request.Expect.ShouldBe([new StatusRange(404, 404)]);
        request.IsExpected(404).ShouldBeTrue();
        request.IsExpected(200).ShouldBeFalse();
    }

    [Theory]
    [InlineData(199, false)]
    [InlineData(200, true)]
    [InlineData(302, true)]
    [InlineData(399, true)]
    [InlineData(400, false)]
    [InlineData(500, false)]
    public void Without_expect_a_response_is_expected_when_its_status_is_2xx_or_3xx(int status, bool expected) =>
        new RequestSpec { Name = "r", Target = "default", Path = "/" }.IsExpected(status).ShouldBe(expected);

    [Theory]
    [InlineData(200, true)]
    [InlineData(250, false)]
    [InlineData(300, true)]
    [InlineData(350, true)]
    [InlineData(399, true)]
    [InlineData(404, true)]
    [InlineData(405, false)]
    public void With_expect_a_response_is_expected_when_any_code_or_range_holds_its_status(int status, bool expected) =>
        new RequestSpec
        {
            Name = "r",
            Target = "default",
            Path = "/",
            Expect = [new StatusRange(200, 200), new StatusRange(300, 399), new StatusRange(404, 404)],
        }.IsExpected(status).ShouldBe(expected);
}
