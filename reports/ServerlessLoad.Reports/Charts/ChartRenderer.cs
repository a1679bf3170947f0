namespace ServerlessLoad.Reports.Charts;

/// <summary>
/// Renders chart descriptions to standalone SVG documents (1200 x 600). Pure: the same chart gives the same bytes, on
/// any machine and in any culture. Text is XML-escaped; long series are downsampled to at most
/// <see cref="Downsampler.MaxPoints"/> points per series; a chart without data shows <see cref="NoDataMessage"/>.
/// </summary>
public static class ChartRenderer
{
    public const string NoDataMessage = ChartChrome.NoDataMessage;

    public static string Render(TimeSeriesChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return TimeSeriesRenderer.Render(chart);
    }

    public static string Render(HistogramChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return HistogramRenderer.Render(chart);
    }

    public static string Render(PercentileCurveChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return PercentileCurveRenderer.Render(chart);
    }

    public static string Render(BarChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return BarChartRenderer.Render(chart);
    }
}
