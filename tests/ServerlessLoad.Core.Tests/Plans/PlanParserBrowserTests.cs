using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Core.Tests.Plans;

/// <summary>Browser steps read through the whole plan parser: every action's forms, problems with field and line, round trips.</summary>
public class PlanParserBrowserTests
{
    private static string Plan(string browser, string before = "", string scenario = "vus: 2\n    duration: 1s") => $"""
        name: shop
        target: http://127.0.0.1:5080
        scenarios:
          - name: buyers
            {scenario}
            steps:
        {before}      - browser:
        {string.Join("\n", browser.Split('\n').Select(line => "          " + line))}
        """;

    [Fact]
    public void Every_action_form_is_read_into_the_step_with_its_metric()
    {
        var result = PlanParser.Parse(Plan("""
            name: checkout
            timeout: 10s
            actions:
              - goto: /shop?heroMs=300
              - goto: {path: /shop, waitUntil: networkidle, timeout: 5s}
              - click: "#add"
              - click: {selector: "text=Add", timeout: 2s}
              - fill: {selector: "#email", value: "vu{{vu}}@example.com"}
              - select: {selector: "#qty", value: "2"}
              - press: {selector: "#email", key: Control+A}
              - waitFor: {selector: "#cart", state: attached}
              - waitFor: {loadState: domcontentloaded}
              - waitFor: {url: /shop/checkout, timeout: 3s}
              - expect: {visible: "#thanks"}
              - expect: {text: {selector: "#thanks", contains: Thank you}}
              - expect: {title: Order placed}
              - expect: {url: {equals: "http://127.0.0.1:5080/shop/checkout"}}
              - think: {uniform: [1s, 2s]}
              - capture: {order: {selector: "#order", regex: '(\d+)'}, link: {selector: a, attribute: href}, page: {url: true}}
              - fill: {selector: "#note", value: "order {{order}}"}
            """));

        result.Problems.ShouldBeEmpty();
        var step = result.Plan!.Scenarios[0].Steps.ShouldHaveSingleItem().ShouldBeOfType<BrowserStep>();
        step.Name.ShouldBe("checkout");
        step.Target.ShouldBe("default");
        step.Timeout.ShouldBe(TimeSpan.FromSeconds(10));
        step.Actions.ShouldBe(
        [
            new BrowserGoto("/shop?heroMs=300", BrowserLoadState.Load),
            new BrowserGoto("/shop", BrowserLoadState.NetworkIdle) { Timeout = TimeSpan.FromSeconds(5) },
            new BrowserClick("#add"),
            new BrowserClick("text=Add") { Timeout = TimeSpan.FromSeconds(2) },
            new BrowserFill("#email", "vu{{vu}}@example.com"),
            new BrowserSelect("#qty", "2"),
            new BrowserPress("#email", "Control+A"),
            new BrowserWaitFor(BrowserWaitKind.Selector, "#cart", BrowserElementState.Attached),
            new BrowserWaitFor(BrowserWaitKind.LoadState, "domcontentloaded"),
            new BrowserWaitFor(BrowserWaitKind.Url, "/shop/checkout") { Timeout = TimeSpan.FromSeconds(3) },
            new BrowserExpect(BrowserExpectKind.Visible, "#thanks", null, Exact: false),
            new BrowserExpect(BrowserExpectKind.Text, "#thanks", "Thank you", Exact: false),
            new BrowserExpect(BrowserExpectKind.Title, null, "Order placed", Exact: false),
            new BrowserExpect(BrowserExpectKind.Url, null, "http://127.0.0.1:5080/shop/checkout", Exact: true),
            new BrowserThink(ThinkTime.Uniform(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2))),
            new BrowserCapture("order", BrowserCaptureSource.Element, "#order", null, @"(\d+)"),
            new BrowserCapture("link", BrowserCaptureSource.Element, "a", "href", null),
            new BrowserCapture("page", BrowserCaptureSource.Url, null, null, null),
            new BrowserFill("#note", "order {{order}}"),
        ]);
        result.Plan.Metrics.ShouldBe([new PlanMetric("checkout", "buyers", MetricKinds.Browser)]);
    }

    [Fact]
    public void Variables_captured_in_a_browser_step_serve_later_steps_and_the_step_name_is_plan_wide()
    {
        var result = PlanParser.Parse(Plan(
            "name: pay\nactions:\n  - goto: /shop\n  - capture: {order: {selector: '#order'}}",
            before: "") + "\n      - http: {name: receipt, path: '/receipt/{{order}}'}");

        result.Problems.ShouldBeEmpty();
        Plan("name: fast\nactions: [{goto: /shop}]", before: "      - http: {name: fast, path: /fast}\n")
            .ShouldHaveOnlyProblem("scenarios[0].steps[1].browser.name", 10, "'fast' is already a request name (first at line 8)");
    }

    [Fact]
    public void Unknown_actions_and_missing_selectors_are_each_reported_with_field_and_line()
    {
        var text = Plan("""
            name: broken
            actions:
              - goto: /shop
              - clik: "#add"
              - fill: {value: x}
              - press: {selector: "#email", key: Entr}
              - waitFor: {selector: "#a", loadState: load}
              - expect: {text: {selector: "#t"}}
              - goto: https://elsewhere.example/
              - waitFor: {loadState: lod}
              - capture: {x: {selector: "#a", url: true}}
            """);

        var problems = PlanParser.Parse(text).Problems;

        problems.Select(p => (p.Field, p.Line)).ShouldBe(
        [
            ("scenarios[0].steps[0].browser.actions[1].clik", 12),
            ("scenarios[0].steps[0].browser.actions[2].fill.selector", 13),
            ("scenarios[0].steps[0].browser.actions[3].press.key", 14),
            ("scenarios[0].steps[0].browser.actions[4].waitFor", 15),
            ("scenarios[0].steps[0].browser.actions[5].expect.text", 16),
            ("scenarios[0].steps[0].browser.actions[6].goto", 17),
            ("scenarios[0].steps[0].browser.actions[7].waitFor.loadState", 18),
            ("scenarios[0].steps[0].browser.actions[8].capture.x", 19),
        ]);
        problems[0].Message.ShouldContain("unknown browser action 'clik', did you mean 'click'?");
        problems[1].Message.ShouldBe("is required");
        problems[2].Message.ShouldContain("unknown key 'Entr', did you mean 'Enter'?");
        problems[3].Message.ShouldContain("not selector and loadState");
        problems[4].Message.ShouldBe("needs equals or contains");
        problems[5].Message.ShouldContain("must be a path starting with '/'");
        problems[6].Message.ShouldContain("unknown load state 'lod', did you mean 'load'?");
        problems[7].Message.ShouldContain("not selector and url");
    }

    [Fact]
    public void The_first_browser_action_of_a_scenario_must_load_a_page() =>
        Plan("name: b\nactions:\n  - think: 1s\n  - click: '#buy'")
            .ShouldHaveOnlyProblem("scenarios[0].steps[0].browser.actions[1].click", 12, "first browser action must be 'goto'");

    [Fact]
    public void A_variable_no_earlier_action_captures_is_reported_where_it_is_used() =>
        Plan("name: b\nactions:\n  - goto: /shop\n  - fill: {selector: '#a', value: '{{order}}'}\n  - capture: {order: {title: true}}")
            .ShouldHaveOnlyProblem("scenarios[0].steps[0].browser.actions[1].fill.value", 12, "'{{order}}' is not defined");

    [Fact]
    public void Browser_vus_above_the_per_runner_cap_given_the_slices_are_a_problem_naming_the_fix()
    {
        var text = Plan("name: b\nactions: [{goto: /shop}]", scenario: "vus: 7\n    duration: 1s").Replace("name: shop\n", "name: shop\nslices: 2\n", StringComparison.Ordinal);
        var capped = new PlanParseOptions { MaxBrowserVusPerRunner = 3 };

        var problems = PlanParser.Parse(text, capped).Problems;

        var problem = problems.ShouldHaveSingleItem();
        problem.Field.ShouldBe("scenarios[0].vus");
        problem.Line.ShouldBe(6);
        problem.Message.ShouldBe(
            "slice 1 of 2 would run 4 browser VUs at once (buyers: 4), above the per-runner cap of 3 browser VUs (setting Sload:MaxBrowserVusPerRunner): set slices to at least 3, or lower the browser VUs");
        PlanParser.Parse(text, new PlanParseOptions { MaxBrowserVusPerRunner = 4 }).Problems.ShouldBeEmpty();
        PlanParser.Parse(text).Problems.ShouldBeEmpty();
        PlanParser.Parse(text, capped with { AllSlicesInOneProcess = true }).Problems.ShouldHaveSingleItem().Message
            .ShouldStartWith("running every slice in this process (sload run --direct) means 7 browser VUs at once (buyers: 7)");
    }

    [Fact]
    public void Only_browser_scenarios_count_against_the_cap_and_a_ramp_counts_its_peak()
    {
        var text = """
            name: hybrid
            target: http://127.0.0.1:5080
            slices: 2
            scenarios:
              - name: api
                vus: 100
                duration: 1s
                requests: [{path: /fast}]
              - name: ramp
                executor: ramping-vus
                stages: [{duration: 1s, target: 6}, {duration: 1s, target: 2}]
                steps: [{browser: {name: b, actions: [{goto: /shop}]}}]
            """;

        PlanParser.Parse(text, new PlanParseOptions { MaxBrowserVusPerRunner = 3 }).Problems.ShouldBeEmpty();
        PlanParser.Parse(text, new PlanParseOptions { MaxBrowserVusPerRunner = 2 }).Problems.ShouldHaveSingleItem()
            .ShouldBe(new PlanProblem("scenarios[1].stages", 11,
                "slice 0 of 2 would run 3 browser VUs at once (ramp: 3), above the per-runner cap of 2 browser VUs (setting Sload:MaxBrowserVusPerRunner): set slices to at least 3, or lower the browser VUs"));
    }

    [Fact]
    public void A_browser_step_survives_the_yaml_round_trip()
    {
        var original = PlanParser.Parse(Plan("""
            name: checkout
            actions:
              - goto: /shop
              - click: {selector: "#add", timeout: 2s}
              - press: {selector: "#email", key: Enter}
              - waitFor: {selector: "#cart", state: hidden}
              - waitFor: {url: thanks}
              - expect: {text: {selector: "#thanks", equals: "Thank you"}}
              - expect: {title: Shop}
              - think: 500ms
              - capture: {t: {title: true, regex: 'S(\w+)'}, h: {selector: a, attribute: href}}
            """)).Plan!;

        var yaml = PlanParser.ToYaml(original);
        var again = PlanParser.Parse(yaml);

        again.Problems.ShouldBeEmpty(yaml);
        var before = (BrowserStep)original.Scenarios[0].Steps[0];
        var after = (BrowserStep)again.Plan!.Scenarios[0].Steps[0];
        after.ShouldBe(before with { Actions = after.Actions });
        after.Actions.ShouldBe(before.Actions);
        PlanParser.ToYaml(again.Plan!).ShouldBe(yaml);
    }
}
