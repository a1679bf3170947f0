using Microsoft.Playwright;
using ServerlessLoad.Reports.Charts;
using ServerlessLoad.Reports.Tests.Charts;

namespace ServerlessLoad.Reports.Tests.Imaging;

/// <summary>report.html opened from disk by a real browser, offline, the way a person opens a downloaded artifact.</summary>
public sealed class ReportHtmlInChromiumTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("sload-report-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Every_chart_is_visible_and_the_page_loads_nothing_else_and_logs_no_error()
    {
        var report = ChartTestData.Report(600, runId: "run-<&>", idle: [100, 101]);
        var charts = ChartTestData.Svgs(ChartSet.From(report, ChartTestData.Histogram(), ChartTestData.Report(500, runId: "run-0")));
        var path = Path.Combine(directory, "report.html");
        await File.WriteAllTextAsync(path, ReportHtml.Render(report, charts));
        var url = new Uri(path).AbsoluteUri;

        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { Offline = true });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        var requests = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                problems.Add(message.Text);
            }
        };
        page.PageError += (_, error) => problems.Add(error);
        page.Request += (_, request) => requests.Add(request.Url);

        var response = await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });

        response.ShouldNotBeNull();
        (await page.TitleAsync()).ShouldBe("PASSED · Load test report: checkout");
        var figures = page.Locator("figure.chart > svg");
        (await figures.CountAsync()).ShouldBe(charts.Count);
        for (var i = 0; i < charts.Count; i++)
        {
            var svg = figures.Nth(i);
            (await svg.IsVisibleAsync()).ShouldBeTrue();
            var box = await svg.BoundingBoxAsync();
            box.ShouldNotBeNull();
            box.Width.ShouldBeGreaterThan(100);
            box.Height.ShouldBe(box.Width / 2, 2);
        }

        (await page.Locator(".banner .verdict").InnerTextAsync()).ShouldBe("PASSED");
        (await page.Locator("code").First.InnerTextAsync()).ShouldBe("run-<&>");
        problems.ShouldBeEmpty();
        requests.ShouldBe([url]);
    }
}
