using System.Text.Json;
using Microsoft.Playwright;
using ServerlessLoad.Cli.Target;
using ServerlessLoad.Runner.Engine.Browser;

namespace ServerlessLoad.Runner.Tests.Engine.Browser;

/// <summary>
/// The demo shop page and the in-page Web Vitals script in Chromium itself, driven by Playwright without the engine:
/// the page logs no console errors, and the script reads what Chromium's own performance timeline says.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PageVitalsInChromiumTests : IAsyncLifetime
{
    private DemoTarget target = null!;
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;

    public async Task InitializeAsync()
    {
        target = await DemoTarget.StartAsync(new DemoTargetOptions(), CancellationToken.None);
        var options = ChromiumOptions.FromEnvironment();
        options.Problem.ShouldBeNull();
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = options.ExecutablePath, Headless = true, Args = options.Arguments });
    }

    public async Task DisposeAsync()
    {
        await browser.CloseAsync();
        playwright.Dispose();
        await target.DisposeAsync();
    }

    [Fact]
    public async Task The_shop_page_and_its_order_confirmation_log_no_console_errors_and_fail_no_request()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                problems.Add($"{message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add($"page error: {error}");
        page.RequestFailed += (_, request) => problems.Add($"request failed: {request.Url}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                problems.Add($"{response.Status} {response.Url}");
            }
        };

        await page.GotoAsync(new Uri(target.BaseAddress, "/shop?hero=50&slow=50").AbsoluteUri, new() { WaitUntil = WaitUntilState.NetworkIdle });
        (await page.TextContentAsync("#recommendations")).ShouldBe("Recommended for you: the large size.");
        await page.FillAsync("#name", "Ada <script>");
        await page.SelectOptionAsync("#size", "s");
        await page.ClickAsync("#buy");
        await page.WaitForURLAsync("**/shop/order", new() { WaitUntil = WaitUntilState.NetworkIdle });

        (await page.TitleAsync()).ShouldBe("Order confirmed");
        (await page.TextContentAsync("#thanks")).ShouldBe("Thank you, Ada <script>!");
        (await page.GetAttributeAsync("#order-id", "data-order") ?? "").ShouldMatch("^A[0-9]{6}$");
        problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_in_page_script_reads_the_fcp_and_lcp_chromiums_performance_timeline_gives_for_the_same_page()
    {
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 720 } });
        await context.AddInitScriptAsync(PageVitals.Script);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(target.BaseAddress, "/shop?hero=300&slow=0").AbsoluteUri, new() { WaitUntil = WaitUntilState.Load });

        // LCP entries arrive after the load event: wait until the timeline holds the hero's, then read both.
        for (var tries = 0; tries < 100 && await LcpElementAsync(page) != "hero"; tries++)
        {
            await Task.Delay(50);
        }

        var ours = PageVitals.Parse(await page.EvaluateAsync<string?>(PageVitals.ReadFunction, true))!;
        using var timeline = JsonDocument.Parse(await page.EvaluateAsync<string>(Timeline));
        var root = timeline.RootElement;

        root.GetProperty("lcpElement").GetString().ShouldBe("hero");
        ours.FcpMs.ShouldBe(root.GetProperty("fcp").GetDouble());
        ours.LcpMs.ShouldBe(root.GetProperty("lcp").GetDouble());
        ours.TtfbMs.ShouldBe(root.GetProperty("ttfb").GetDouble());
        ours.LcpMs!.Value.ShouldBeGreaterThanOrEqualTo(ours.TtfbMs!.Value + 300);
        ours.Cls.ShouldBe(0);
    }

    private static async Task<string?> LcpElementAsync(IPage page)
    {
        using var timeline = JsonDocument.Parse(await page.EvaluateAsync<string>(Timeline));
        return timeline.RootElement.GetProperty("lcpElement").GetString();
    }

    /// <summary>What Chromium's performance timeline holds for the page, read directly (not through the script).</summary>
    private const string Timeline = """
        () => new Promise(resolve => {
          const entries = [];
          new PerformanceObserver(list => entries.push(...list.getEntries())).observe({ type: 'largest-contentful-paint', buffered: true });
          setTimeout(() => {
            const last = entries[entries.length - 1];
            const fcp = performance.getEntriesByType('paint').find(e => e.name === 'first-contentful-paint');
            const nav = performance.getEntriesByType('navigation')[0];
            resolve(JSON.stringify({
              fcp: fcp ? fcp.startTime : null,
              lcp: last ? last.startTime : null,
              lcpElement: last && last.element ? last.element.id : null,
              ttfb: nav.responseStart
            }));
          }, 200);
        })
        """;
}
