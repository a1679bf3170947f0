namespace ServerlessLoad.Reports.Charts;

/// <summary>Values by percentile on the "nines" axis, the way HDR histograms are usually read.</summary>
internal static class PercentileCurveRenderer
{
    public static string Render(PercentileCurveChart chart)
    {
        var svg = new SvgWriter(chart.Title);
        ChartChrome.Title(svg, chart.Title);

        var current = chart.Series.Select(SeriesPainter.Prepare).ToList();
        var baseline = chart.Baseline?.Series.Select(SeriesPainter.Prepare).ToList() ?? [];
        var legend = current.Select(s => new LegendItem(s.Name, s.Colour)).ToList();
        if (chart.Baseline is { } overlay && baseline.Count > 0)
        {
            legend.Add(new LegendItem(overlay.Label, ChartPalette.MutedText, LegendSwatch.DashedLine));
        }

        var legendBottom = ChartChrome.Legend(svg, legend);
        var all = current.Concat(baseline).ToList();
        var measured = all.SelectMany(s => s.Points).Where(p => !double.IsNaN(p.Y)).ToList();
        if (measured.Count == 0)
        {
            ChartChrome.NoData(svg, ChartChrome.Plot(legendBottom, 0));
            return svg.Finish();
        }

        var values = TimeSeriesRenderer.ValueScale(all, ChartChrome.Plot(legendBottom, 0).Height);
        var plot = ChartChrome.Plot(legendBottom, ChartChrome.LabelWidth(values.Ticks.Select(values.Label)));
        var percentiles = PercentileAxis.Covering(measured.Max(p => p.X));

        ChartChrome.ValueAxis(svg, plot, values.Ticks, v => values.Map(v, plot.Bottom, plot.Top), values.Label, right: false, grid: true);
        ChartChrome.ValueAxisTitle(svg, plot, chart.YAxisTitle, right: false);
        ChartChrome.CategoryAxis(svg, plot, percentiles.Ticks.Select(p => (percentiles.Map(p, plot.Left, plot.Right), PercentileAxis.Label(p))), grid: true);
        ChartChrome.XAxisTitle(svg, plot, "Percentile (log scale: each step adds a nine)");
        ChartChrome.Axes(svg, plot);

        foreach (var (series, isBaseline) in baseline.Select(s => (s, true)).Concat(current.Select(s => (s, false))))
        {
            SeriesPainter.Draw(svg, series, p => (percentiles.Map(p.X, plot.Left, plot.Right), values.Map(p.Y, plot.Bottom, plot.Top)), isBaseline);
        }

        return svg.Finish();
    }
}
