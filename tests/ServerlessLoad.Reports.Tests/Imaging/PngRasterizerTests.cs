using System.Buffers.Binary;
using ServerlessLoad.Reports.Charts;
using ServerlessLoad.Reports.Imaging;
using ServerlessLoad.Reports.Tests.Charts;

namespace ServerlessLoad.Reports.Tests.Imaging;

public sealed class PngRasterizerTests(RasterizerFixture fixture) : IClassFixture<RasterizerFixture>
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Width and height from the IHDR chunk, which must come first after the signature.</summary>
    private static (int Width, int Height) PngSize(byte[] png)
    {
        png.Take(8).ShouldBe(PngSignature);
        System.Text.Encoding.ASCII.GetString(png, 12, 4).ShouldBe("IHDR");
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }

    [Fact]
    public async Task A_chart_becomes_a_png_at_twice_its_size()
    {
        var svg = ChartRenderer.Render(ChartSet.LatencyPercentiles(ChartTestData.Report(600)));

        var png = await fixture.Rasterizer.RenderAsync(svg);

        PngSize(png).ShouldBe((2400, 1200));
    }

    [Fact]
    public async Task The_png_shows_the_chart_not_an_empty_page()
    {
        var chart = await fixture.Rasterizer.RenderAsync(ChartRenderer.Render(ChartSet.LatencyPercentiles(ChartTestData.Report(600))));
        var blank = await fixture.Rasterizer.RenderAsync("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1200 600\" width=\"1200\" height=\"600\"></svg>");

        // A white image compresses to almost nothing; lines, text and gridlines do not.
        chart.Length.ShouldBeGreaterThan(blank.Length * 5);
    }

    [Fact]
    public async Task Other_sizes_are_rendered_at_twice_the_requested_size()
    {
        var png = await fixture.Rasterizer.RenderAsync(ChartRenderer.Render(ChartSet.Throughput(ChartTestData.Report(10))), 600, 300);

        PngSize(png).ShouldBe((1200, 600));
    }

    [Fact]
    public async Task A_missing_chromium_is_reported_with_its_path_and_how_to_install_it()
    {
        await using var rasterizer = new PngRasterizer("/nonexistent/chromium");

        var error = await Should.ThrowAsync<FileNotFoundException>(() => rasterizer.RenderAsync("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"));

        error.Message.ShouldContain("/nonexistent/chromium");
        error.Message.ShouldContain("apt-get install chromium");
    }
}
