using ServerlessLoad.Reports.Charts;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Reports.Tests.Charts;

/// <summary>The pictures themselves: PNG at twice the layout's size, with a chart on it and its text written.</summary>
public class ChartImageTests
{
    public static TheoryData<string> Files() => new(ChartSet.DisplayOrder);

    private static ChartDefinition Chart(string file) =>
        ChartSet.From(ChartTestData.Report(120) with { PerSecond = ArrivalSeconds(120) }, ChartTestData.Histogram(), ChartTestData.Report(90, runId: "run-0"))
            .Single(c => c.File == file).Definition;

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_chart_is_a_png_of_2400_by_1200_with_a_picture_and_a_title_on_it(string file)
    {
        var png = ChartImage.Png(Chart(file));

        PngImage.IsPng(png).ShouldBeTrue();
        PngImage.Size(png).ShouldBe((ChartImage.Width * ChartImage.PngScale, ChartImage.Height * ChartImage.PngScale));
        PublishedCharts.AssertChart(file, png);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_chart_writes_its_text_and_the_png_shows_it(string file)
    {
        var chart = Chart(file);
        using var probe = PlotProbe.Of(chart);
        var withText = ChartImage.Png(chart);

        // The same plot with every text emptied: what Skia draws when it finds no font. The two must differ
        // by many pixels, or the charts would reach users without a word on them.
        var withoutText = Render(WithoutText(probe.Plot));
        var differing = Differing(PngImage.Decode(withText), PngImage.Decode(withoutText));

        differing.ShouldBeGreaterThan(20_000, file);
        SvgChart.Of(chart).Texts.ShouldContain(chart.Title);
    }

    [Fact]
    public void The_charts_font_is_installed_and_has_every_glyph_they_use()
    {
        ChartFont.Problem.ShouldBeNull();
        ChartFont.Available.ShouldBeTrue();
        ChartFont.Family.ShouldBe(ChartFont.Preferred);
    }

    [Fact]
    public void A_blank_image_fails_the_published_chart_check()
    {
        using var surface = SkiaSharp.SKSurface.Create(new SkiaSharp.SKImageInfo(2400, 1200));
        surface.Canvas.Clear(SkiaSharp.SKColors.White);
        using var image = surface.Snapshot();
        using var encoded = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        var blank = encoded.ToArray();

        Should.Throw<Xunit.Sdk.XunitException>(() => PublishedCharts.AssertChart("blank.png", blank));
    }

    private static List<SecondReport> ArrivalSeconds(int seconds) =>
        ChartTestData.Report(seconds).PerSecond.Select(s => s with { PlannedArrivals = 200, AchievedArrivals = s.Requests, PlannedVus = 50 }).ToList();

    private static ScottPlot.Plot WithoutText(ScottPlot.Plot plot)
    {
        plot.Axes.Title.Label.Text = "";
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.Label.Text = "";
            axis.TickLabelStyle.IsVisible = false;
        }

        foreach (var item in plot.Legend.ManualItems)
        {
            item.LabelText = "";
        }

        foreach (var annotation in plot.GetPlottables<ScottPlot.Plottables.Annotation>())
        {
            annotation.Text = "";
        }

        foreach (var bars in plot.GetPlottables<ScottPlot.Plottables.BarPlot>())
        {
            bars.Bars.ForEach(b => b.Label = "");
        }

        return plot;
    }

    private static byte[] Render(ScottPlot.Plot plot)
    {
        plot.ScaleFactor = ChartImage.PngScale;
        return plot.GetImageBytes(ChartImage.Width * ChartImage.PngScale, ChartImage.Height * ChartImage.PngScale, ScottPlot.ImageFormat.Png);
    }

    private static int Differing(PngImage a, PngImage b)
    {
        var count = 0;
        for (var y = 0; y < a.Height; y++)
        {
            for (var x = 0; x < a.Width; x++)
            {
                if (a.Pixel(x, y) != b.Pixel(x, y))
                {
                    count++;
                }
            }
        }

        return count;
    }
}
