using NJsonSchema;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Results;
using ServerlessLoad.Core.Runs;
using static ServerlessLoad.Reports.Tests.TestData;

namespace ServerlessLoad.Reports.Tests;

/// <summary>Browser steps in every report view: Web Vitals percentiles, browser.* thresholds, screenshots, browser health.</summary>
public class BrowserReportTests
{
    // Slice 0 second 0 and slice 1 second 1: home loads pages with LCP 1.0, 1.2 / 3.0 s; checkout takes 2.0 / 4.0 s and
    // its click's INP is 40 / 80 ms; CLS 0.05 / 0.25. One checkout failed as an expectation, with a screenshot.
    private static readonly Plan BrowserPlan = PlanParser.Parse("""
        name: shop
        target: http://127.0.0.1:5080
        slices: 2
        scenarios:
          - name: buyers
            vus: 2
            duration: 2s
            steps:
              - browser: {name: home, actions: [{goto: /shop}]}
              - browser: {name: checkout, actions: [{click: "#buy"}]}
          - name: api
            vus: 1
            duration: 2s
            requests:
              - {name: fast, path: /fast}
        thresholds:
          - browser.lcp.p75 < 2.5s
          - browser{request:checkout}.duration.p95 < 3s
          - browser.lcp{request:home}.p50 < 1.5s
          - browser.cls.max < 0.1
          - browser.inp.p99 <= 80ms
          - browser{request:home}.inp.p75 < 200ms
        """).Plan!;

    private static RequestStats Step(long[] durations, int failures = 0, params (string Vital, long Value)[] vitals)
    {
        var stats = new RequestStats { Requests = durations.Length, Failures = failures };
        foreach (var duration in durations)
        {
            stats.Latency.RecordMicros(duration);
            stats.ServiceTime.RecordMicros(duration);
        }

        foreach (var (vital, value) in vitals)
        {
            stats.Vital(vital).RecordMicros(value);
        }

        if (failures > 0)
        {
            stats.FailureCategories["expectation"] = failures;
            stats.AddSample("expectation", "expectation checkout: expect text #thanks: ...");
            stats.AddScreenshot("screenshots/slice-1-attempt-1-expectation-1.png");
        }

        return stats;
    }

    private static (RunFacts Facts, IReadOnlyList<SliceSecond> Rows) Run()
    {
        var rows = new List<SliceSecond>
        {
            Row(0, 0, attempt: 1, activeVus: 2,
                ("home", Step([900_000, 1_100_000], 0, ("ttfb", 20_000), ("fcp", 300_000), ("lcp", 1_000_000), ("lcp", 1_200_000), ("cls", 500))),
                ("checkout", Step([2_000_000], 0, ("inp", 40_000))),
                ("fast", Ok(1000, 2000))) with
            {
                Health = new GeneratorHealth { CpuPercent = 20, BrowserVus = 2, BrowserCpuPercent = 30, BrowserMemoryBytes = 400L << 20 },
            },
            Row(1, 1, attempt: 1, activeVus: 2,
                ("home", Step([2_500_000], 0, ("lcp", 3_000_000), ("cls", 2_500))),
                ("checkout", Step([4_000_000], failures: 1, ("inp", 80_000)))),
        };
        var facts = Facts(BrowserPlan, Completed(0, 5), Completed(1, 2)) with { Plan = BrowserPlan, PlanName = "shop" };
        return (facts, rows);
    }

    [Fact]
    public void Report_json_carries_each_browser_steps_web_vitals_as_percentiles_in_milliseconds_and_cls_as_a_score()
    {
        var (facts, rows) = Run();

        var report = ReportJson.Parse(ReportJson.Render(ReportBuilder.Build(facts, rows)));

        var home = report.Requests.Single(r => r.Name == "home");
        home.Kind.ShouldBe(MetricKinds.Browser);
        home.Requests.ShouldBe(3);
        home.Vitals!.Keys.ShouldBe(["ttfb", "fcp", "lcp", "cls"]);
        home.Vitals["lcp"].Max.ShouldBe(3000, 3000 * 0.001);
        home.Vitals["lcp"].Min.ShouldBe(1000, 1000 * 0.001);
        home.Vitals["cls"].Max.ShouldBe(0.25, 0.001);
        home.Vitals["cls"].Min.ShouldBe(0.05, 0.0001);
        var checkout = report.Requests.Single(r => r.Name == "checkout");
        checkout.Vitals!.Keys.ShouldBe(["inp"]);
        checkout.Screenshots.ShouldBe(["screenshots/slice-1-attempt-1-expectation-1.png"]);
        report.Requests.Single(r => r.Name == "fast").Vitals.ShouldBeNull();

        var kind = report.Kinds.Single(k => k.Kind == MetricKinds.Browser);
        kind.Requests.ShouldBe(5);
        kind.Vitals!["inp"].Max.ShouldBe(80, 0.1);
        report.Scenarios.Single(s => s.Name == "buyers").Vitals!["lcp"].P50.ShouldBe(1200, 1.2);
        report.Scenarios.Single(s => s.Name == "api").Vitals.ShouldBeNull();

        var health = report.Slices[0].Health!;
        health.BrowserVusMax.ShouldBe(2);
        health.BrowserMemoryBytesPerVu.ShouldBe(200L << 20);
        health.BrowserCpuPercentMax.ShouldBe(30);
        report.Slices[1].Health.ShouldBeNull();
    }

    [Fact]
    public void Memory_per_browser_vu_is_read_in_the_second_with_the_most_vus_where_the_shared_browser_weighs_least()
    {
        var totals = new SliceHealthTotals();
        totals.Add(new GeneratorHealth { BrowserVus = 1, BrowserMemoryBytes = 300L << 20, BrowserCpuPercent = 50 });
        totals.Add(new GeneratorHealth { BrowserVus = 4, BrowserMemoryBytes = 600L << 20, BrowserCpuPercent = 40 });
        totals.Add(new GeneratorHealth { BrowserVus = 4, BrowserMemoryBytes = 640L << 20, BrowserCpuPercent = 60 });
        totals.Add(new GeneratorHealth { BrowserVus = 2, BrowserMemoryBytes = 700L << 20, BrowserCpuPercent = 90 });

        totals.BrowserMemoryBytesPerVu.ShouldBe(160L << 20);
        totals.BrowserCpuPercentPerVu.ShouldBe(15);
        totals.BrowserVusMax.ShouldBe(4);
        totals.BrowserMemoryBytesMax.ShouldBe(700L << 20);
    }

    [Fact]
    public void Browser_thresholds_judge_the_merged_steps_or_the_named_one_and_say_when_nothing_was_measured()
    {
        var (facts, rows) = Run();

        var results = ReportBuilder.Build(facts, rows).Thresholds.ToDictionary(t => t.Source, t => t);

        // LCP samples 1.0, 1.2, 3.0 s: p75 is the 3.0 s page.
        results["browser.lcp.p75 < 2.5s"].Passed.ShouldBeFalse();
        results["browser.lcp.p75 < 2.5s"].Actual!.Value.ShouldBe(3000, 3);
        results["browser{request:checkout}.duration.p95 < 3s"].Passed.ShouldBeFalse();
        results["browser{request:checkout}.duration.p95 < 3s"].Actual!.Value.ShouldBe(4000, 4);
        results["browser.lcp{request:home}.p50 < 1.5s"].Passed.ShouldBeTrue();
        results["browser.cls.max < 0.1"].Passed.ShouldBeFalse();
        results["browser.cls.max < 0.1"].Unit.ShouldBe(ThresholdUnits.Score);
        results["browser.cls.max < 0.1"].Actual!.Value.ShouldBe(0.25, 0.001);
        results["browser.inp.p99 <= 80ms"].Passed.ShouldBeTrue();
        results["browser{request:home}.inp.p75 < 200ms"].Passed.ShouldBeFalse();
        results["browser{request:home}.inp.p75 < 200ms"].Message
            .ShouldBe("no data for browser.inp{request:home}.p75 (no interaction of that browser step was measured)");
    }

    [Fact]
    public void Markdown_and_html_show_a_browser_table_with_percentiles_links_to_screenshots_and_browser_health()
    {
        var (facts, rows) = Run();
        var report = ReportBuilder.Build(facts, rows);

        var md = ReportMarkdown.Render(report, [], baseline: null);
        var html = ReportHtml.Render(report, new Dictionary<string, string>());

        md.ShouldContain("## Browser steps");
        md.ShouldContain("| home | lcp ms |");
        md.ShouldContain("| home | cls |");
        md.ShouldContain("- checkout: [screenshots/slice-1-attempt-1-expectation-1.png](screenshots/slice-1-attempt-1-expectation-1.png)");
        md.ShouldContain("Browser MB per VU");
        md.ShouldNotContain("## WebSockets");
        html.ShouldContain("<h2>Browser steps</h2>");
        html.ShouldContain("<a href=\"screenshots/slice-1-attempt-1-expectation-1.png\">");
        html.ShouldContain("<th class=\"num\">p75</th>");
        html.ShouldContain("Browser VUs max");
    }

    [Fact]
    public async Task A_report_with_browser_steps_is_valid_against_the_schema()
    {
        var (facts, rows) = Run();
        var schema = await JsonSchema.FromJsonAsync(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "report.schema.json")));

        var errors = schema.Validate(ReportJson.Render(ReportBuilder.Build(facts, rows)));

        errors.ShouldBeEmpty();
    }

    [Fact]
    public void The_schema_describes_every_browser_field_the_renderer_writes()
    {
        var (facts, rows) = Run();
        using var json = System.Text.Json.JsonDocument.Parse(ReportJson.Render(ReportBuilder.Build(facts, rows)));
        using var schema = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "report.schema.json")));
        var properties = schema.RootElement.GetProperty("properties");
        var report = json.RootElement;
        string[] Described(System.Text.Json.JsonElement element) => [.. element.GetProperty("properties").EnumerateObject().Select(p => p.Name)];
        string[] Names(System.Text.Json.JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

        Described(properties.GetProperty("requests").GetProperty("items")).ShouldContain("vitals");
        Described(properties.GetProperty("requests").GetProperty("items")).ShouldContain("screenshots");
        Names(report.GetProperty("requests")[1]).ShouldContain("screenshots");
        Described(schema.RootElement.GetProperty("definitions").GetProperty("vitals")).ShouldBe(BrowserVitals.All);
        Described(properties.GetProperty("kinds").GetProperty("items")).ShouldContain("vitals");
        Described(properties.GetProperty("scenarios").GetProperty("items")).ShouldContain("vitals");
        var health = Names(report.GetProperty("slices")[0].GetProperty("health")).Where(n => n.StartsWith("browser", StringComparison.Ordinal)).ToList();
        health.Count.ShouldBe(5);
        Described(properties.GetProperty("slices").GetProperty("items").GetProperty("properties").GetProperty("health")).Intersect(health).Count().ShouldBe(5);
    }
}
