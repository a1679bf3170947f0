using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using ServerlessLoad.Runner.Engine.Browser;

namespace ServerlessLoad.Bench;

/// <summary>
/// `browser-timeline URL COUNT`: loads the page COUNT times, each in a fresh context of the runner's Chromium (same
/// executable and flags, viewport 1280x720) and prints what Chromium's own performance timeline says (TTFB, FCP, LCP and
/// the LCP element), read directly rather than through the runner's script; then the medians.
/// </summary>
internal static class BrowserTimeline
{
    private const string Read = """
        () => new Promise(resolve => {
          const entries = [];
          new PerformanceObserver(list => entries.push(...list.getEntries())).observe({ type: 'largest-contentful-paint', buffered: true });
          setTimeout(() => {
            const last = entries[entries.length - 1];
            const fcp = performance.getEntriesByType('paint').find(e => e.name === 'first-contentful-paint');
            const nav = performance.getEntriesByType('navigation')[0];
            resolve(JSON.stringify({ ttfb: nav.responseStart, fcp: fcp ? fcp.startTime : -1, lcp: last ? last.startTime : -1,
                                     element: last && last.element ? (last.element.id || last.element.tagName) : '' }));
          }, 300);
        })
        """;

    public static async Task<int> RunAsync(string url, int count)
    {
        var options = ChromiumOptions.FromEnvironment();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = options.ExecutablePath, Headless = true, Args = options.Arguments });
        var samples = new List<(double Ttfb, double Fcp, double Lcp)>();
        for (var i = 0; i < count; i++)
        {
            await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 720 } });
            var page = await context.NewPageAsync();
            await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Load });
            using var json = JsonDocument.Parse(await page.EvaluateAsync<string>(Read));
            var root = json.RootElement;
            var sample = (root.GetProperty("ttfb").GetDouble(), root.GetProperty("fcp").GetDouble(), root.GetProperty("lcp").GetDouble());
            samples.Add(sample);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load {i + 1}: ttfb {sample.Item1:0.0} ms  fcp {sample.Item2:0.0} ms  lcp {sample.Item3:0.0} ms  (lcp element {root.GetProperty("element").GetString()})"));
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"timeline medians over {count}: ttfb {Median(samples.Select(s => s.Ttfb)):0.0} ms  fcp {Median(samples.Select(s => s.Fcp)):0.0} ms  lcp {Median(samples.Select(s => s.Lcp)):0.0} ms"));
        return 0;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
