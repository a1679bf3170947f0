using ServerlessLoad.Reports.Charts;
using ServerlessLoad.Reports.Tests.Charts;

namespace ServerlessLoad.Reports.Tests.Imaging;

/// <summary>Charts at the default size are drawn on pages kept open between reports; reuse must not mix charts up.</summary>
public sealed class PngRasterizerWarmPagesTests(RasterizerFixture fixture) : IClassFixture<RasterizerFixture>
{
    private const string Blank = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1200 600\" width=\"1200\" height=\"600\"></svg>";

    [Fact]
    public async Task Every_call_on_the_kept_pages_draws_its_own_charts_in_order()
    {
        var chart = ChartRenderer.Render(ChartSet.LatencyPercentiles(ChartTestData.Report(600)));
        await fixture.Rasterizer.WarmUpAsync();
        var blank = (await fixture.Rasterizer.RenderAsync(Blank)).Length;
        bool IsChart(byte[] png) => png.Length > blank * 5; // white compresses to almost nothing; lines and text do not

        var first = await fixture.Rasterizer.RenderManyAsync([chart, Blank, chart, Blank]);
        var second = await fixture.Rasterizer.RenderManyAsync([Blank, chart]);

        first.Select(IsChart).ShouldBe([true, false, true, false]);
        second.Select(IsChart).ShouldBe([false, true]);
        second[1].Length.ShouldBeInRange(first[0].Length * 95 / 100, first[0].Length * 105 / 100);
    }

    [Fact]
    public async Task Calls_at_the_same_time_each_get_their_charts()
    {
        var chart = ChartRenderer.Render(ChartSet.Throughput(ChartTestData.Report(60)));
        var blank = (await fixture.Rasterizer.RenderAsync(Blank)).Length;
        bool IsChart(byte[] png) => png.Length > blank * 5; // white compresses to almost nothing; lines and text do not

        var results = await Task.WhenAll(
            fixture.Rasterizer.RenderManyAsync([chart, Blank]),
            fixture.Rasterizer.RenderManyAsync([Blank, chart]),
            fixture.Rasterizer.RenderManyAsync([chart]));

        results.Select(r => r.Select(IsChart).ToArray()).ShouldBe([[true, false], [false, true], [true]]);
    }

    [Fact]
    public async Task No_charts_need_no_pages()
    {
        (await fixture.Rasterizer.RenderManyAsync([])).ShouldBeEmpty();
    }
}
