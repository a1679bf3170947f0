using System.Collections.Concurrent;
using System.Net;
using ServerlessLoad.Cli.Target;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Results;
using ServerlessLoad.Runner.Engine;
using ServerlessLoad.Runner.Engine.Browser;
using ServerlessLoad.Runner.Tests.Engine.Steps;

namespace ServerlessLoad.Runner.Tests.Engine.Browser;

/// <summary>Browser steps in real Chromium against the demo target's shop page: results, Web Vitals, failures, health.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserJourneyTests : IAsyncLifetime
{
    private DemoTarget target = null!;

    public async Task InitializeAsync() =>
        target = await DemoTarget.StartAsync(new DemoTargetOptions(), CancellationToken.None);

    public async Task DisposeAsync() => await target.DisposeAsync();

    private string PlanText(string steps, int vus = 2, int iterations = 2) => $"""
        name: shop
        target: {target.BaseAddress}
        scenarios:
          - name: buyers
            executor: per-vu-iterations
            vus: {vus}
            iterations: {iterations}
            maxDuration: 60s
            steps:
        {steps}
        """;

    private const string Checkout = """
              - browser:
                  name: home
                  actions:
                    - goto: /shop?hero=250&slow=100
                    - expect: {visible: "#hero"}
              - browser:
                  name: checkout
                  actions:
                    - fill: {selector: "#name", value: "vu{{vu}}"}
                    - select: {selector: "#size", value: m}
                    - click: "#buy"
                    - waitFor: {url: /shop/order}
                    - expect: {text: {selector: "#thanks", contains: "Thank you, vu{{vu}}"}}
                    - expect: {title: Order confirmed}
                    - capture: {order: {selector: "#order-id", attribute: data-order}}
              - http: {name: receipt, path: "/echo?order={{order}}"}
        """;

    [Fact]
    public async Task A_shop_journey_records_each_step_with_its_pages_web_vitals_and_hands_captures_to_later_steps()
    {
        var (stats, _) = await RunAsync(PlanText(Checkout));

        stats["home"].Requests.ShouldBe(4);
        stats["checkout"].Requests.ShouldBe(4);
        stats["receipt"].Requests.ShouldBe(4);
        stats.Values.ShouldAllBe(s => s.Failures == 0);
        stats["home"].StatusCodes.ShouldBeEmpty();
        stats["checkout"].Latency.TotalCount.ShouldBe(4);

        var home = stats["home"].Vitals;
        Counts(home).ShouldBe("cls=4 fcp=4 lcp=4 ttfb=4");
        // The hero image, the page's largest element, is asked for once the document arrives and answered 250 ms later:
        // every page's LCP is at least its TTFB plus that, and its FCP (the heading) comes after its TTFB.
        home[BrowserVitals.Lcp].MinMicros.ShouldBeGreaterThanOrEqualTo(home[BrowserVitals.Ttfb].MinMicros + 250_000);
        home[BrowserVitals.Fcp].MinMicros.ShouldBeGreaterThanOrEqualTo(home[BrowserVitals.Ttfb].MinMicros);
        home[BrowserVitals.Ttfb].MinMicros.ShouldBeGreaterThan(0);
        home[BrowserVitals.Cls].MaxMicros.ShouldBe(0);

        // The click submitted the form: the step has an interaction, and the confirmation page it loaded is its own.
        var checkout = stats["checkout"].Vitals;
        Counts(checkout).ShouldBe("cls=4 fcp=4 inp=4 lcp=4 ttfb=4");

        var served = target.ServedByPath();
        served["/shop"].ShouldBe(4);
        served["/shop/order"].ShouldBe(4);
        served["/shop/hero.svg"].ShouldBe(4);
        BrowserSlices.OpenContexts.ShouldBe(0);
        BrowserSlices.Active.ShouldBe(0);
    }

    [Fact]
    public async Task Failed_steps_are_counted_by_category_and_a_bounded_number_of_them_leave_a_screenshot()
    {
        const string Failing = """
                  - browser:
                      name: wrong-text
                      actions:
                        - goto: /shop?hero=0&slow=0
                        - expect: {text: {selector: "h1", contains: "Closed for the day"}, timeout: 300ms}
                  - browser:
                      name: missing-button
                      actions:
                        - goto: /shop?hero=0&slow=0
                        - click: {selector: "#checkout-now", timeout: 300ms}
                  - browser:
                      name: broken-page
                      actions:
                        - goto: /status/503
            """;
        var stored = new ConcurrentDictionary<string, byte[]>();

        var (stats, seconds) = await RunAsync(
            PlanText(Failing, vus: 1, iterations: 5),
            new ScreenshotShelf("slice-0-attempt-1", (name, png, _) =>
            {
                stored[name] = png;
                return Task.CompletedTask;
            }));

        // A failed step ends the iteration, so only the first step ever runs.
        stats["wrong-text"].Requests.ShouldBe(5);
        stats["wrong-text"].FailureCategories.ShouldBe(new Dictionary<string, long> { ["expectation"] = 5 });
        stats["wrong-text"].FailureSamples["expectation"][0].ShouldStartWith("expectation wrong-text: expect text h1:");
        stats.ShouldNotContainKey("missing-button");
        stored.Keys.Order().ShouldBe(
        [
            "screenshots/slice-0-attempt-1-expectation-1.png",
            "screenshots/slice-0-attempt-1-expectation-2.png",
            "screenshots/slice-0-attempt-1-expectation-3.png",
        ]);
        stored.Values.ShouldAllBe(png => png.Length > 1000 && png[0] == 0x89 && png[1] == (byte)'P');
        stats["wrong-text"].Screenshots.Order().ShouldBe(stored.Keys.Order());
        seconds.Where(s => s.Health is not null).Max(s => s.Health!.BrowserVus).ShouldBe(1);
        seconds.Where(s => s.Health is not null).Max(s => s.Health!.BrowserMemoryBytes).ShouldBeGreaterThan(10_000_000);
    }

    [Theory]
    [InlineData("- click: {selector: \"#checkout-now\", timeout: 300ms}", "selector")]
    [InlineData("- waitFor: {selector: \"#recommendations\", state: hidden, timeout: 300ms}", "timeout")]
    [InlineData("- goto: /status/503", "navigation")]
    public async Task Each_kind_of_failure_has_its_category(string action, string category)
    {
        var (stats, _) = await RunAsync(PlanText(
            $"""
                  - browser:
                      name: step
                      actions:
                        - goto: /shop?hero=0&slow=0
                        {action}
            """,
            vus: 1,
            iterations: 1));

        stats["step"].FailureCategories.ShouldBe(new Dictionary<string, long> { [category] = 1 });
    }

    [Fact]
    public async Task A_page_whose_host_resolves_outside_the_allow_list_is_never_requested_and_fails_as_navigation()
    {
        using var scope = TargetGuard.Use(new TargetGuard(
            ["127.0.0.1"],
            (host, _) => Task.FromResult(host == "shop.test" ? new[] { IPAddress.Parse("10.1.2.3") } : new[] { IPAddress.Loopback })));
        var steps = """
                  - browser:
                      name: step
                      actions:
                        - goto: /shop
            """;

        var (stats, _) = await RunAsync(PlanText(steps, vus: 1, iterations: 1).Replace("127.0.0.1", "shop.test", StringComparison.Ordinal));

        stats["step"].FailureCategories.ShouldBe(new Dictionary<string, long> { ["navigation"] = 1 });
        stats["step"].FailureSamples["navigation"].ShouldHaveSingleItem().ShouldContain("ERR_BLOCKED_BY_CLIENT");
        target.ServedByPath().Keys.ShouldNotContain("/shop");
    }

    private static string Counts(Dictionary<string, Core.Histograms.LatencyHistogram> vitals) =>
        string.Join(' ', vitals.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value.TotalCount}"));

    private static async Task<(Dictionary<string, RequestStats> Stats, IReadOnlyList<SliceSecond> Seconds)> RunAsync(string planText, ScreenshotShelf? shelf = null)
    {
        var parsed = PlanParser.Parse(planText);
        parsed.Problems.ShouldBeEmpty();
        var startAt = DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200);
        var recorder = new SliceRecorder(startAt, TimeProvider.System) { Screenshots = shelf };
        await SliceExecution.RunAsync(new SliceContext(parsed.Plan!, 0, 1, startAt, recorder, TimeProvider.System), CancellationToken.None);
        var seconds = recorder.TakeAll("run", 0, 1);
        return (StepRuns.Merge(seconds), seconds);
    }
}

/// <summary>Tests that drive the process's one Chromium run one at a time: they count its VUs and contexts.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "browser";
}
