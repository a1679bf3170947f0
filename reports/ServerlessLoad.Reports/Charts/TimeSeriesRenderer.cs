namespace ServerlessLoad.Reports.Charts;

/// <summary>Lines over time on a clock axis, optionally a second value axis on the right and a dashed baseline behind.</summary>
internal static class TimeSeriesRenderer
{
    public static string Render(TimeSeriesChart chart)
    {
        var svg = new SvgWriter(chart.Title);
        ChartChrome.Title(svg, chart.Title);

        var current = chart.Series.Select(SeriesPainter.Prepare).ToList();
        var baseline = chart.Baseline?.Series.Select(SeriesPainter.Prepare).ToList() ?? [];
        var hasSecondary = current.Concat(baseline).Any(s => s.Axis == ValueAxis.Secondary);

        var legend = current
            .Select(s => new LegendItem(hasSecondary && s.Axis == ValueAxis.Secondary ? s.Name + " (right axis)" : s.Name, s.Colour))
            .ToList();
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

        var plotHeight = ChartChrome.Plot(legendBottom, 0).Height;
        var primary = ValueScale(all.Where(s => s.Axis == ValueAxis.Primary), plotHeight);
        var secondary = hasSecondary ? ValueScale(all.Where(s => s.Axis == ValueAxis.Secondary), plotHeight) : null;
        var plot = ChartChrome.Plot(
            legendBottom,
            ChartChrome.LabelWidth(primary.Ticks.Select(primary.Label)),
            secondary is null ? 0 : ChartChrome.LabelWidth(secondary.Ticks.Select(secondary.Label)));

        var interval = double.IsFinite(chart.IntervalSeconds) && chart.IntervalSeconds > 0 ? chart.IntervalSeconds : 1;
        var minX = Math.Min(0, measured.Min(p => p.X));
        var time = TimeAxis.For(minX, measured.Max(p => p.X) + interval, plot.Width, ChartChrome.TickFontSize);

        ChartChrome.ValueAxis(svg, plot, primary.Ticks, v => primary.Map(v, plot.Bottom, plot.Top), primary.Label, right: false, grid: true);
        ChartChrome.ValueAxisTitle(svg, plot, chart.YAxisTitle, right: false);
        if (secondary is not null)
        {
            ChartChrome.ValueAxis(svg, plot, secondary.Ticks, v => secondary.Map(v, plot.Bottom, plot.Top), secondary.Label, right: true, grid: false);
            ChartChrome.ValueAxisTitle(svg, plot, chart.SecondaryYAxisTitle ?? "", right: true);
        }

        ChartChrome.CategoryAxis(svg, plot, time.Ticks.Select(t => (time.Map(t, plot.Left, plot.Right), time.Label(t))), grid: true);
        ChartChrome.XAxisTitle(svg, plot, time.Title);
        ChartChrome.Axes(svg, plot, rightAxis: secondary is not null);

        foreach (var (series, isBaseline) in baseline.Select(s => (s, true)).Concat(current.Select(s => (s, false))))
        {
            var scale = series.Axis == ValueAxis.Secondary && secondary is not null ? secondary : primary;
            SeriesPainter.Draw(svg, series, p => (time.Map(p.X + (interval / 2), plot.Left, plot.Right), scale.Map(p.Y, plot.Bottom, plot.Top)), isBaseline);
        }

        return svg.Finish();
    }

    /// <summary>From zero (or the lowest value, when negative) to a little above the highest, so lines do not run along the frame.</summary>
    internal static LinearScale ValueScale(IEnumerable<ChartSeries> series, double plotHeight)
    {
        var values = series.SelectMany(s => s.Points).Select(p => p.Y).Where(y => !double.IsNaN(y)).ToList();
        var low = Math.Min(0, values.DefaultIfEmpty(0).Min());
        var high = values.DefaultIfEmpty(0).Max();
        high = high > low ? high + ((high - low) * 0.05) : low + 1;
        return LinearScale.Nice(low, high, MaxValueTicks(plotHeight));
    }

    internal static int MaxValueTicks(double plotHeight) => Math.Clamp((int)(plotHeight / 48), 2, 10);
}
