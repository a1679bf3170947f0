using ScottPlot;

namespace ServerlessLoad.Reports.Charts;

/// <summary>Values by percentile on the "nines" axis, the way HDR histograms are usually read.</summary>
internal static class PercentileCurvePlot
{
    public const string XAxisTitle = "Percentile (log scale: each step adds a nine)";

    public static Plot Build(PercentileCurveChart chart)
    {
        var plot = ChartStyle.NewPlot(chart.Title);
        var current = chart.Series.Select(SeriesLines.Prepare).ToList();
        var baseline = chart.Baseline?.Series.Select(SeriesLines.Prepare).ToList() ?? [];
        var legend = current.Select(s => SeriesLines.LegendItem(s, s.Name)).ToList();
        if (chart.Baseline is { } overlay && baseline.Count > 0)
        {
            legend.Add(ChartStyle.LineItem(overlay.Label, ChartPalette.MutedText, dashed: true));
        }

        ChartStyle.Legend(plot, legend);
        ChartStyle.AxisTitles(plot, XAxisTitle, chart.YAxisTitle);
        var all = current.Concat(baseline).ToList();
        var measured = all.SelectMany(s => s.Points).Where(p => !double.IsNaN(p.Y)).ToList();
        if (measured.Count == 0)
        {
            ChartStyle.NoData(plot);
            return plot;
        }

        var percentiles = PercentileAxis.Covering(measured.Max(p => p.X));
        plot.Axes.Bottom.TickGenerator = ChartStyle.Ticks(percentiles.Ticks.Select(p => (PercentileAxis.Position(p), PercentileAxis.Label(p))));
        plot.Axes.SetLimitsX(0, percentiles.Nines);
        var (low, high) = TimeSeriesPlot.ValueRange(all);
        plot.Axes.SetLimitsY(low, high);

        ChartStyle.RightMargin(plot);
        SeriesLines.AddAll(plot, current, baseline, PercentileAxis.Position);
        return plot;
    }
}
