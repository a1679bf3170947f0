using ScottPlot;
using SkiaSharp;

namespace ServerlessLoad.Reports.Charts;

/// <summary>
/// Draws a chart definition with ScottPlot, as SVG (1200 x 600, text kept as text for report.html) or as PNG (the same
/// layout at twice the scale, 2400 x 1200, sharp on high-density screens). Pure: no I/O, and a definition always gives
/// the same picture.
/// </summary>
public static class ChartImage
{
    public const int Width = 1200;
    public const int Height = 600;
    public const int PngScale = 2;

    /// <summary>
    /// Charts are mostly flat colour: the "sub" filter alone compresses them within a fifth of trying every filter
    /// per row (the encoder's default), at a quarter of the time.
    /// </summary>
    private static readonly SKPngEncoderOptions PngOptions = new(SKPngEncoderFilterFlags.Sub, 6);

    public const string NoDataMessage = ChartStyle.NoDataMessage;

    /// <summary>The chart as an SVG document; its ids start with <paramref name="idPrefix"/>, so charts sharing a page need different ones.</summary>
    public static string Svg(ChartDefinition chart, string idPrefix = "chart")
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentException.ThrowIfNullOrWhiteSpace(idPrefix);
        using var plot = Build(chart);
        LayOut(plot, Width, Height);
        using var stream = new MemoryStream();
        using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, Width, Height), stream))
        {
            plot.RenderManager.ClearCanvasBeforeEachRender = false;
            plot.Render(canvas, Width, Height);
        }

        return SvgIds.Renumber(System.Text.Encoding.UTF8.GetString(stream.ToArray()), idPrefix);
    }

    public static byte[] Png(ChartDefinition chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        using var plot = Build(chart);
        plot.ScaleFactor = PngScale;
        var info = new SKImageInfo(Width * PngScale, Height * PngScale, SKColorType.Rgba8888, SKAlphaType.Premul);
        LayOut(plot, info.Width, info.Height);
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException("Skia could not create a drawing surface.");
        plot.Render(surface.Canvas, info.Width, info.Height);
        using var image = surface.Snapshot();
        using var pixels = image.PeekPixels() ?? throw new InvalidOperationException("Skia gave no pixels to encode.");
        using var encoded = pixels.Encode(PngOptions)
            ?? throw new InvalidOperationException("Skia could not encode the chart as PNG.");
        return encoded.ToArray();
    }

    /// <summary>
    /// ScottPlot draws again until a pass leaves the axis limits as the previous one did, so a first render always
    /// repeats: that pass goes to a canvas that draws nothing, and the image gets exactly one.
    /// </summary>
    private static void LayOut(Plot plot, int width, int height)
    {
        using var nothing = new SKNoDrawCanvas(width, height);
        plot.Render(nothing, width, height);
    }

    internal static Plot Build(ChartDefinition chart) => chart switch
    {
        TimeSeriesChart timeSeries => TimeSeriesPlot.Build(timeSeries),
        HistogramChart histogram => HistogramPlot.Build(histogram),
        PercentileCurveChart curve => PercentileCurvePlot.Build(curve),
        BarChart bars => BarChartPlot.Build(bars),
        _ => throw new ArgumentException($"No drawing for charts of type {chart.GetType().Name}.", nameof(chart)),
    };
}
