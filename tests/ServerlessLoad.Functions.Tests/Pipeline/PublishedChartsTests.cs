using ServerlessLoad.Core.Messages;
using ServerlessLoad.Reports.Charts;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Functions.Tests.Pipeline;

/// <summary>The report function publishes every chart as users get it: a PNG at 2x beside its SVG, linked from report.md.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PublishedChartsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly Pipeline pipeline = new(azurite);

    public Task InitializeAsync() => pipeline.Store.EnsureCreatedAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_chart_report_md_links_is_published_as_a_png_with_a_chart_on_it()
    {
        var runId = await pipeline.ReportableRunAsync();

        await pipeline.Report.RunAsync(new ReportMessage(runId), default);

        var markdown = System.Text.Encoding.UTF8.GetString((await pipeline.Store.GetArtifactAsync(runId, "report.md"))!.Data);
        var links = await PublishedCharts.AssertAllAsync(markdown, async link => (await pipeline.Store.GetArtifactAsync(runId, link))?.Data);
        links.ShouldContain("charts/latency-percentiles.png");
        var published = (await pipeline.Store.ListArtifactsAsync(runId)).Select(a => a.Name).ToList();
        foreach (var chart in ChartSet.DisplayOrder.Where(f => links.Contains("charts/" + Path.ChangeExtension(f, ".png"))))
        {
            published.ShouldContain("charts/" + chart);
        }
    }
}
