using ScottPlot;

namespace ServerlessLoad.Reports.Charts;

/// <summary>Lines over time on a clock axis, optionally a second value axis on the right and a dashed baseline behind.</summary>
internal static class TimeSeriesPlot
{
    /// <summary>About how wide the plot area of a 1200 px chart is, for spacing the time ticks.</summary>
    private const double PlotWidth = 1040;

    private const double TickFontSize = 13;

    public static Plot Build(TimeSeriesChart chart)
    {
        var plot = ChartStyle.NewPlot(chart.Title);
        var current = chart.Series.Select(SeriesLines.Prepare).ToList();
        var baseline = chart.Baseline?.Series.Select(SeriesLines.Prepare).ToList() ?? [];
        var all = current.Concat(baseline).ToList();
        var hasSecondary = all.Any(s => s.Axis == ValueAxis.Secondary);

        var legend = current
            .Select(s => SeriesLines.LegendItem(s, hasSecondary && s.Axis == ValueAxis.Secondary ? s.Name + " (right axis)" : s.Name))
            .ToList();
        if (chart.Baseline is { } overlay && baseline.Count > 0)
        {
            legend.Add(ChartStyle.LineItem(overlay.Label, ChartPalette.MutedText, dashed: true));
        }

        ChartStyle.Legend(plot, legend);
        var measured = all.SelectMany(s => s.Points).Where(p => !double.IsNaN(p.Y)).ToList();
        if (measured.Count == 0)
        {
            ChartStyle.AxisTitles(plot, "Time since start", chart.YAxisTitle);
            ChartStyle.NoData(plot);
            return plot;
        }

        var interval = double.IsFinite(chart.IntervalSeconds) && chart.IntervalSeconds > 0 ? chart.IntervalSeconds : 1;
        var minX = Math.Min(0, measured.Min(p => p.X));
        var maxX = measured.Max(p => p.X) + interval;
        var time = TimeAxis.For(minX, maxX, PlotWidth, TickFontSize);
        plot.Axes.Bottom.TickGenerator = ChartStyle.Ticks(time.Ticks.Select(t => (t, time.Label(t))));
        plot.Axes.SetLimitsX(minX, maxX);
        ChartStyle.AxisTitles(plot, time.Title, chart.YAxisTitle);

        var (low, high) = ValueRange(all.Where(s => s.Axis == ValueAxis.Primary));
        plot.Axes.SetLimitsY(low, high, plot.Axes.Left);
        if (hasSecondary)
        {
            var (secondaryLow, secondaryHigh) = ValueRange(all.Where(s => s.Axis == ValueAxis.Secondary));
            plot.Axes.Right.Label.Text = ChartStyle.Text(chart.SecondaryYAxisTitle);
            plot.Axes.Right.FrameLineStyle.Width = 1;
            plot.Axes.SetLimitsY(secondaryLow, secondaryHigh, plot.Axes.Right);
        }
        else
        {
            ChartStyle.RightMargin(plot);
        }

        // Each point stands for its whole interval, so it is drawn in the interval's middle.
        SeriesLines.AddAll(plot, current, baseline, x => x + (interval / 2), plot.Axes.Right);
        return plot;
    }

    /// <summary>From zero (or the lowest value, when negative) to a little above the highest, so lines do not run along the frame.</summary>
    internal static (double Low, double High) ValueRange(IEnumerable<ChartSeries> series)
    {
        var values = series.SelectMany(s => s.Points).Select(p => p.Y).Where(y => !double.IsNaN(y)).ToList();
        var low = Math.Min(0, values.DefaultIfEmpty(0).Min());
        var high = values.DefaultIfEmpty(0).Max();
        return (low, high > low ? high + ((high - low) * 0.08) : low + 1);
    }
}
