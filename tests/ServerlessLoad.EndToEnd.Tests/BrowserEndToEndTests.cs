using System.Text.Json;
using ServerlessLoad.Cli.Target;
using ServerlessLoad.Testing;
using Xunit.Abstractions;

namespace ServerlessLoad.EndToEnd.Tests;

/// <summary>
/// A browser plan through the whole pipeline in real Chromium: `sload up` (Azurite, functions host, 2 runners), a
/// 2-slice plan mixing browser VUs with HTTP load on the demo target's shop page; the Web Vitals land in report.json,
/// thresholds judge them, and the screenshots of failed steps are published with the report.
/// </summary>
public sealed class BrowserEndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string state = Directory.CreateTempSubdirectory("sload-e2e-browser-").FullName;
    private DemoTarget? target;
    private CliProcess? cli;

    public async Task InitializeAsync()
    {
        target = await DemoTarget.StartAsync(new DemoTargetOptions { Port = 0 }, CancellationToken.None);
        // A lead time long enough for both runners to claim their slice before it starts, on a busy machine too: an
        // attempt that starts late resumes after second 0 and skips iterations scenarios.
        cli = new CliProcess(RepoPaths.RepoRoot, state, new Dictionary<string, string> { ["Sload__LeadTimeSeconds"] = "8" });
        var (code, text) = await cli.RunAsync(TimeSpan.FromSeconds(120), "up", "--runners", "2");
        output.WriteLine(text);
        code.ShouldBe(0, text);
    }

    public async Task DisposeAsync()
    {
        if (cli is not null)
        {
            var (_, text) = await cli.RunAsync(TimeSpan.FromSeconds(60), "down");
            output.WriteLine(text);
        }

        StackPids.KillLeftovers(state);
        if (target is not null)
        {
            await target.DisposeAsync();
        }

        foreach (var log in Directory.Exists(Path.Combine(state, "logs")) ? Directory.GetFiles(Path.Combine(state, "logs")) : [])
        {
            output.WriteLine($"--- {Path.GetFileName(log)} (tail)");
            output.WriteLine(string.Join('\n', File.ReadLines(log).TakeLast(30)));
        }

        Directory.Delete(state, recursive: true);
    }

    [Fact]
    public async Task A_browser_plans_web_vitals_land_in_report_json_thresholds_judge_them_and_screenshots_are_published()
    {
        var plan = Path.Combine(state, "browser.yaml");
        await File.WriteAllTextAsync(plan, $$$"""
            name: browser-e2e
            slices: 2
            target: {{{target!.BaseAddress.ToString().TrimEnd('/')}}}
            scenarios:
              - name: shoppers
                executor: per-vu-iterations
                vus: 2
                iterations: 2
                maxDuration: 90s
                steps:
                  - browser:
                      name: home
                      actions:
                        - goto: /shop?hero=200&slow=50
                        - expect: {visible: "#hero"}
                  - browser:
                      name: checkout
                      actions:
                        - fill: {selector: "#name", value: "vu{{vu}}"}
                        - select: {selector: "#size", value: l}
                        - click: "#buy"
                        - waitFor: {url: /shop/order}
                        - expect: {text: {selector: "#thanks", contains: "Thank you, vu{{vu}}"}}
              - name: closed
                executor: per-vu-iterations
                vus: 2
                iterations: 1
                maxDuration: 90s
                steps:
                  - browser:
                      name: closed-shop
                      actions:
                        - goto: /shop?hero=0&slow=0
                        - expect: {text: {selector: h1, contains: Closed for the day}, timeout: 500ms}
              - name: api
                vus: 2
                duration: 3s
                requests:
                  - {name: fast, path: /fast}
            thresholds:
              - browser.lcp.p75 < 60s
              - browser{request:checkout}.duration.p95 < 60s
              - browser.fcp{request:home}.p50 < 1ms
            """);
        var outDir = Path.Combine(state, "out");

        var (code, text) = await cli!.RunAsync(TimeSpan.FromSeconds(240), "run", plan, "--wait", "--out", outDir);
        output.WriteLine(text);

        code.ShouldBe(1, text);
        text.ShouldContain("Web Vitals of browser steps");
        var runDir = Directory.GetDirectories(outDir).ShouldHaveSingleItem();
        var reportText = await File.ReadAllTextAsync(Path.Combine(runDir, "report.json"));
        var schema = await NJsonSchema.JsonSchema.FromFileAsync(Path.Combine(RepoPaths.RepoRoot, "schema", "report.schema.json"));
        schema.Validate(reportText).ShouldBeEmpty();
        using var report = JsonDocument.Parse(reportText);
        var root = report.RootElement;
        root.GetProperty("verdict").GetString().ShouldBe("failed");
        var requests = root.GetProperty("requests").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);

        var home = requests["home"];
        home.GetProperty("kind").GetString().ShouldBe("browser");
        home.GetProperty("requests").GetInt64().ShouldBe(4);
        home.GetProperty("failures").GetInt64().ShouldBe(0);
        var vitals = home.GetProperty("vitals");
        vitals.EnumerateObject().Select(v => v.Name).ShouldBe(["ttfb", "fcp", "lcp", "cls"]);
        // The hero image, the largest element, is answered 200 ms after the document: no page's LCP comes sooner.
        vitals.GetProperty("lcp").GetProperty("min").GetDouble().ShouldBeGreaterThan(200);
        vitals.GetProperty("fcp").GetProperty("min").GetDouble().ShouldBeGreaterThan(0);
        vitals.GetProperty("cls").GetProperty("max").GetDouble().ShouldBe(0);
        // A checkout whose confirmation outlasts its wait on a busy machine is a failure the report counts: at most one.
        var checkoutFailures = requests["checkout"].GetProperty("failures").GetInt64();
        checkoutFailures.ShouldBeLessThanOrEqualTo(1);
        requests["checkout"].GetProperty("vitals").GetProperty("inp").GetProperty("max").GetDouble().ShouldBeGreaterThanOrEqualTo(0);
        target.ServedByPath()["/shop/order"].ShouldBeInRange(4 - checkoutFailures, 4);
        requests["fast"].GetProperty("requests").GetInt64().ShouldBe(target.ServedByPath()["/fast"]);

        // Thresholds read the same numbers the report shows.
        var thresholds = root.GetProperty("thresholds").EnumerateArray().ToDictionary(t => t.GetProperty("expression").GetString()!);
        var lcpP75 = root.GetProperty("kinds").EnumerateArray().Single(k => k.GetProperty("kind").GetString() == "browser")
            .GetProperty("vitals").GetProperty("lcp").GetProperty("p75").GetDouble();
        thresholds["browser.lcp.p75 < 60s"].GetProperty("passed").GetBoolean().ShouldBeTrue();
        thresholds["browser.lcp.p75 < 60s"].GetProperty("actual").GetDouble().ShouldBe(lcpP75);
        thresholds["browser{request:checkout}.duration.p95 < 60s"].GetProperty("actual").GetDouble()
            .ShouldBe(requests["checkout"].GetProperty("latencyMs").GetProperty("p95").GetDouble());
        thresholds["browser.fcp{request:home}.p50 < 1ms"].GetProperty("passed").GetBoolean().ShouldBeFalse();
        thresholds["browser.fcp{request:home}.p50 < 1ms"].GetProperty("actual").GetDouble().ShouldBe(vitals.GetProperty("fcp").GetProperty("p50").GetDouble());

        // Each slice's browser VU of 'closed' failed its expectation once and left a screenshot, published with the report.
        var closed = requests["closed-shop"];
        closed.GetProperty("failureCategories").EnumerateArray().Single().GetProperty("category").GetString().ShouldBe("expectation");
        var screenshots = closed.GetProperty("screenshots").EnumerateArray().Select(s => s.GetString()!).ToList();
        screenshots.ShouldBe(["screenshots/slice-0-attempt-1-expectation-1.png", "screenshots/slice-1-attempt-1-expectation-1.png"]);
        foreach (var screenshot in screenshots)
        {
            var png = await File.ReadAllBytesAsync(Path.Combine(runDir, screenshot));
            png.Length.ShouldBeGreaterThan(1000);
            png[..4].ShouldBe(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' });
        }

        var markdown = await File.ReadAllTextAsync(Path.Combine(runDir, "report.md"));
        markdown.ShouldContain("## Browser steps");
        System.Text.RegularExpressions.Regex.Matches(markdown, @"\]\(([^)]+)\)").Select(m => m.Groups[1].Value)
            .ShouldAllBe(link => File.Exists(Path.Combine(runDir, link)));
        var slices = root.GetProperty("slices").EnumerateArray().ToList();
        slices.ShouldAllBe(s => s.GetProperty("status").GetString() == "completed");
        slices.ShouldAllBe(s => s.GetProperty("health").GetProperty("browserVusMax").GetInt32() >= 1);
        slices.ShouldAllBe(s => s.GetProperty("health").GetProperty("browserMemoryBytesPerVu").GetInt64() > 10_000_000);
    }
}
