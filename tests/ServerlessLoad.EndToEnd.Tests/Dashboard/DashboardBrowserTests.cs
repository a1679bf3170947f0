using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.Playwright;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.EndToEnd.Tests.Faults;
using Xunit.Abstractions;

namespace ServerlessLoad.EndToEnd.Tests.Dashboard;

/// <summary>The dashboard in real Chromium against the real stack: a run's charts move, the page cancels it and downloads its zip.</summary>
[Collection(FaultCollection.Name)]
public sealed class DashboardBrowserTests(FaultStack stack, ITestOutputHelper output)
{
    private const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>
    /// Records on the html element when the requests chart first showed each last second (the page's clock, which is
    /// this machine's). Kept in the DOM, read as an attribute: the page's CSP forbids the test evaluating script in it.
    /// </summary>
    private const string ShownTimes = """
        document.addEventListener('DOMContentLoaded', () => new MutationObserver((records) => {
          for (const record of records) {
            if (record.target.id !== 'chart-rps') continue;
            const root = document.documentElement;
            root.dataset.shown = (root.dataset.shown ? root.dataset.shown + ',' : '') + record.target.dataset.lastSecond + ':' + Date.now();
          }
        }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-last-second'] }));
        """;

    [Fact]
    public async Task The_dashboard_shows_a_running_runs_charts_moving_cancels_it_from_the_page_and_downloads_its_zip_without_console_errors()
    {
        File.Exists(ChromiumPath).ShouldBeTrue($"page tests need Chromium at {ChromiumPath}: ./sload test installs it (apt-get install chromium)");
        await stack.UseRunnersAsync(2);
        await using var target = await FaultPlans.TargetAsync();
        var plan = FaultPlans.Constant(target, "dashboard", slices: 2, vus: 4, seconds: 60, path: "/work?ms=10")
            + "\nthresholds:\n  - failures.rate < 1%\n  - latency.p95 < 1ms\n";
        var runId = await stack.SubmitAsync(plan);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { AcceptDownloads = true, ViewportSize = new ViewportSize { Width = 1300, Height = 1000 } });
        await context.AddInitScriptAsync(ShownTimes);
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add($"console: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => problems.Add("page: " + error);

        await page.GotoAsync($"{stack.Api.BaseAddress}dashboard?code={Uri.EscapeDataString(stack.ApiKey)}#/runs/{runId}");
        page.Url.ShouldNotContain("code=", Case.Insensitive, "the key leaves the address once the page has it");

        // Moving: more seconds drawn, and the drawing itself changes.
        await WaitForPointsAsync(page, 3, TimeSpan.FromSeconds(60));
        var before = await ChartStateAsync(page);
        await WaitForPointsAsync(page, before.Points + 8, TimeSpan.FromSeconds(40));
        var after = await ChartStateAsync(page);
        after.LastSecond.ShouldBeGreaterThanOrEqualTo(before.LastSecond + 3);
        after.Image.ShouldNotBe(before.Image);
        foreach (var chart in new[] { "#chart-latency", "#chart-failures", "#chart-vus" })
        {
            (await page.Locator(chart).GetAttributeAsync("data-points")).ShouldBe(after.Points.ToString(CultureInfo.InvariantCulture), chart);
        }

        // Thresholds judged on the seconds so far: no failures pass; a p95 under 1 ms against a 10 ms endpoint fails.
        var expressions = await page.Locator("#thresholds tbody td:nth-child(1)").AllTextContentsAsync();
        var states = await page.Locator("#thresholds tbody td:nth-child(2)").AllTextContentsAsync();
        expressions.Zip(states, (e, state) => $"{e}={state}").ShouldBe(["failures.rate < 1%=pass", "latency.p95 < 1ms=fail"]);

        // Cancel from the page (a second click confirms).
        await page.ClickAsync("#cancel-run");
        (await page.Locator("#cancel-run").TextContentAsync()).ShouldBe("Confirm cancel");
        await page.ClickAsync("#cancel-run");
        await page.WaitForSelectorAsync("h1 .status[data-status='cancelled']", new PageWaitForSelectorOptions { Timeout = 60_000 });
        var run = await stack.WaitForFinalAsync(runId, TimeSpan.FromSeconds(30));
        run.GetProperty("status").GetString().ShouldBe(RunStatus.Cancelled);
        run.GetProperty("cancelRequestedAt").ValueKind.ShouldBe(JsonValueKind.String);

        // The zip, through the page's own download.
        await page.WaitForSelectorAsync("#download-zip:not([hidden])", new PageWaitForSelectorOptions { Timeout = 30_000 });
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-zip"));
        download.SuggestedFilename.ShouldBe($"{runId}.zip");
        using (var zip = ZipFile.OpenRead((await download.PathAsync())!))
        {
            zip.Entries.Select(e => e.FullName).ShouldContain($"{runId}/report.json");
        }

        (await page.Locator("#artifacts [data-artifact='report.json']").CountAsync()).ShouldBe(1);
        await ReportDelayAsync(page, runId, run);
        problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task Without_a_key_the_page_asks_for_one_drops_a_refused_key_and_keeps_a_good_one_for_the_tab_only()
    {
        File.Exists(ChromiumPath).ShouldBeTrue($"page tests need Chromium at {ChromiumPath}");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync($"{stack.Api.BaseAddress}dashboard#/runs");
        await page.FillAsync("#key-input", "not-the-key");
        await page.ClickAsync("#key-form button[type=submit]");
        await page.WaitForSelectorAsync("#message.error:not([hidden])");
        (await page.TextContentAsync("#message") ?? string.Empty).ShouldContain("refused");
        (await page.Locator("#key-form").CountAsync()).ShouldBe(1, "a refused key is dropped and asked for again");

        await page.FillAsync("#key-input", stack.ApiKey);
        await page.ClickAsync("#key-form button[type=submit]");
        await page.WaitForSelectorAsync("#runs", new PageWaitForSelectorOptions { Timeout = 30_000 });
        await FaultStack.WaitUntilAsync(
            async () => (await page.TextContentAsync("h1 .muted"))?.StartsWith('(') == true,
            TimeSpan.FromSeconds(30),
            () => "the runs list never loaded with the key");
        (await page.Locator("#key-form").CountAsync()).ShouldBe(0);
        (await context.CookiesAsync()).ShouldBeEmpty("the key never travels in a cookie");

        // Another tab of the same browser does not have it.
        var other = await context.NewPageAsync();
        await other.GotoAsync($"{stack.Api.BaseAddress}dashboard#/runs");
        await other.WaitForSelectorAsync("#key-form");
        errors.ShouldBeEmpty();
    }

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });

    private static async Task<(int Points, long LastSecond, string Image)> ChartStateAsync(IPage page)
    {
        var chart = page.Locator("#chart-rps");
        return (
            int.Parse((await chart.GetAttributeAsync("data-points"))!, CultureInfo.InvariantCulture),
            long.Parse((await chart.GetAttributeAsync("data-last-second"))!, CultureInfo.InvariantCulture),
            Convert.ToBase64String(await chart.ScreenshotAsync()));
    }

    private static async Task WaitForPointsAsync(IPage page, int points, TimeSpan timeout)
    {
        var chart = page.Locator("#chart-rps");
        await chart.WaitForAsync(new LocatorWaitForOptions { Timeout = (float)timeout.TotalMilliseconds });
        await FaultStack.WaitUntilAsync(
            async () => int.Parse(await chart.GetAttributeAsync("data-points") ?? "0", CultureInfo.InvariantCulture) >= points,
            timeout,
            () => $"the requests chart never drew {points} seconds",
            TimeSpan.FromMilliseconds(200));
    }

    /// <summary>
    /// How long after a second's last row was stored (Azurite's timestamp of the later slice's row) the page showed it,
    /// and how long after the second ended; the figures go to the test output.
    /// </summary>
    private async Task ReportDelayAsync(IPage page, string runId, JsonElement run)
    {
        var shown = ((await page.Locator("html").GetAttributeAsync("data-shown")) ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split(':').Select(n => double.Parse(n, CultureInfo.InvariantCulture)).ToArray())
            .ToList();
        var stored = new Dictionary<long, DateTimeOffset>();
        for (var slice = 0; slice < 2; slice++)
        {
            var partition = $"{runId}-{slice.ToString("D5", CultureInfo.InvariantCulture)}";
            await foreach (var row in stack.Store.Intervals.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == partition))
            {
                var second = row.GetInt64("Second")!.Value;
                stored[second] = stored.TryGetValue(second, out var other) && other > row.Timestamp!.Value ? other : row.Timestamp!.Value;
            }
        }

        var startAt = run.GetProperty("startAt").GetDateTimeOffset();
        var behindStored = new List<double>();
        var behindSecondEnd = new List<double>();
        var previous = -1L;
        foreach (var entry in shown)
        {
            var last = (long)entry[0];
            var at = DateTimeOffset.FromUnixTimeMilliseconds((long)entry[1]);
            for (var second = previous + 1; second <= last; second++)
            {
                if (stored.TryGetValue(second, out var storedAt) && second == last)
                {
                    behindStored.Add((at - storedAt).TotalMilliseconds);
                    behindSecondEnd.Add((at - startAt.AddSeconds(second + 1)).TotalMilliseconds);
                }
            }

            previous = Math.Max(previous, last);
        }

        behindStored.Count.ShouldBeGreaterThan(3);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dashboard delay: {behindStored.Count} updates; behind the stored row median {Median(behindStored):0} ms (min {behindStored.Min():0}, max {behindStored.Max():0}); behind the second's end median {Median(behindSecondEnd):0} ms (min {behindSecondEnd.Min():0}, max {behindSecondEnd.Max():0})"));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
