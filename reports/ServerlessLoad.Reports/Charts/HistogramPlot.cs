using ScottPlot;

namespace ServerlessLoad.Reports.Charts;

/// <summary>
/// A distribution as bars over log-spaced bins (placed at log10 of their bounds), with dashed reference lines such as
/// percentiles, each named with its value in the legend.
/// </summary>
internal static class HistogramPlot
{
    public static Plot Build(HistogramChart chart)
    {
        var plot = ChartStyle.NewPlot(chart.Title);
        var bins = chart.Bins
            .Where(b => double.IsFinite(b.Low) && double.IsFinite(b.High) && b.Low > 0 && b.High > b.Low && b.Count >= 0)
            .OrderBy(b => b.Low)
            .ToList();
        var markers = chart.Markers.Where(m => double.IsFinite(m.Value) && m.Value > 0).OrderBy(m => m.Value).ToList();
        ChartStyle.AxisTitles(plot, chart.XAxisTitle, chart.YAxisTitle);
        if (bins.Sum(b => b.Count) == 0)
        {
            ChartStyle.Legend(plot, [ChartStyle.BoxItem(chart.BarLabel, ChartPalette.Blue)]);
            ChartStyle.NoData(plot);
            return plot;
        }

        ChartStyle.Legend(
            plot,
            [
                ChartStyle.BoxItem(chart.BarLabel, ChartPalette.Blue),
                .. markers.Select(m => ChartStyle.LineItem(m.Label, m.Colour, dashed: true)),
            ]);

        var values = LogScale.Around(
            Math.Min(bins[0].Low, markers.Select(m => m.Value).DefaultIfEmpty(double.MaxValue).Min()),
            Math.Max(bins[^1].High, markers.Select(m => m.Value).DefaultIfEmpty(0).Max()));
        plot.Axes.Bottom.TickGenerator = ChartStyle.Ticks(values.Ticks.Select(v => (Math.Log10(v), LogScale.Label(v))));
        plot.Axes.SetLimitsX(Math.Log10(values.Min), Math.Log10(values.Max));
        plot.Axes.SetLimitsY(0, bins.Max(b => b.Count) * 1.08);
        ChartStyle.RightMargin(plot);

        var fill = ChartStyle.Colour(ChartPalette.Blue).WithOpacity(0.85);
        var bars = bins.Where(b => b.Count > 0).Select(b =>
        {
            var (left, right) = (Math.Log10(b.Low), Math.Log10(b.High));
            return new ScottPlot.Bar
            {
                Position = (left + right) / 2,
                Size = (right - left) * 0.94,
                Value = b.Count,
                FillColor = fill,
                LineWidth = 0,
            };
        }).ToList();
        plot.Add.Bars(bars);

        foreach (var marker in markers)
        {
            var line = plot.Add.VerticalLine(Math.Log10(marker.Value));
            line.Color = ChartStyle.Colour(marker.Colour);
            line.LineWidth = 1.75f;
            line.LinePattern = LinePattern.Dashed;
        }

        return plot;
    }
}
