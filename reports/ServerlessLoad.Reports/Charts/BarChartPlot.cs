using System.Globalization;
using ScottPlot;

namespace ServerlessLoad.Reports.Charts;

/// <summary>Horizontal bars, largest at the top, labelled on the left and with their values at their ends.</summary>
internal static class BarChartPlot
{
    /// <summary>More bars than this would squeeze the labels below a readable size; the largest are kept.</summary>
    public const int MaxBars = 25;

    /// <summary>Longer labels are cut with an ellipsis so the bars keep most of the width.</summary>
    public const int MaxLabelLength = 40;

    private const float LabelFontSize = 13;

    public static Plot Build(BarChart chart)
    {
        var bars = chart.Bars
            .Where(b => double.IsFinite(b.Value))
            .OrderByDescending(b => b.Value)
            .ThenBy(b => b.Label, StringComparer.Ordinal)
            .ToList();
        var title = bars.Count > MaxBars
            ? string.Create(CultureInfo.InvariantCulture, $"{chart.Title} (top {MaxBars} of {bars.Count})")
            : chart.Title;
        bars = bars.Take(MaxBars).ToList();

        var plot = ChartStyle.NewPlot(title);
        plot.Axes.Bottom.Label.Text = ChartStyle.Text(chart.ValueAxisTitle);
        if (bars.Count == 0)
        {
            ChartStyle.NoData(plot);
            return plot;
        }

        // The largest bar is drawn at the top: positions count down. Bars are at most about 36 px thick.
        var thickness = Math.Min(0.68, 36.0 * bars.Count / 480);
        var colour = ChartStyle.Colour(chart.Colour);
        var drawn = bars.Select((bar, i) => new ScottPlot.Bar
        {
            Position = bars.Count - 1 - i,
            Value = bar.Value,
            Size = thickness,
            FillColor = colour,
            LineWidth = 0,
            Orientation = Orientation.Horizontal,
            Label = Value(bar.Value, chart.ValueUnit),
        }).ToList();
        var plottable = plot.Add.Bars(drawn);
        plottable.ValueLabelStyle.FontSize = 12;
        plottable.ValueLabelStyle.FontName = ChartFont.Family;
        plottable.ValueLabelStyle.ForeColor = ChartStyle.Colour(ChartPalette.Text);

        plot.Axes.Left.TickGenerator = ChartStyle.Ticks(bars.Select((bar, i) => ((double)(bars.Count - 1 - i), Label(bar.Label))));
        plot.Axes.Left.TickLabelStyle.FontSize = LabelFontSize;
        plot.Axes.Left.TickLabelStyle.ForeColor = ChartStyle.Colour(ChartPalette.Text);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;

        // Head room so the longest bar's value label fits beside it.
        var low = Math.Min(0, bars.Min(b => b.Value));
        var high = Math.Max(0, bars.Max(b => b.Value));
        plot.Axes.SetLimitsX(low, high > low ? high + ((high - low) * 0.14) : low + 1);
        plot.Axes.SetLimitsY(-0.6, bars.Count - 0.4);
        ChartStyle.RightMargin(plot);
        return plot;
    }

    private static string Label(string label)
    {
        var clean = ChartStyle.Text(label);
        return clean.Length <= MaxLabelLength ? clean : clean[..(MaxLabelLength - 1)] + "…";
    }

    private static string Value(double value, string unit)
    {
        var text = value.ToString(Math.Abs(value) >= 100 ? "0.#" : "0.##", CultureInfo.InvariantCulture);
        return unit.Length == 0 ? text : text + " " + unit;
    }
}
