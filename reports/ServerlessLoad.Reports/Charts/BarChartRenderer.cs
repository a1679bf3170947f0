using System.Globalization;

namespace ServerlessLoad.Reports.Charts;

/// <summary>Horizontal bars, largest first, labelled on the left and with their values at their ends.</summary>
internal static class BarChartRenderer
{
    /// <summary>More bars than this would squeeze the labels below a readable size; the largest are kept.</summary>
    public const int MaxBars = 25;

    private const double LabelFontSize = 13;
    private const double ValueFontSize = 12;
    private const double MaxLabelWidth = 320;

    public static string Render(BarChart chart)
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

        var svg = new SvgWriter(title);
        ChartChrome.Title(svg, title);
        var legendBottom = ChartChrome.Legend(svg, []);
        if (bars.Count == 0)
        {
            ChartChrome.NoData(svg, ChartChrome.Plot(legendBottom, 0));
            return svg.Finish();
        }

        var labels = bars.Select(b => TextMetrics.Fit(b.Label, LabelFontSize, MaxLabelWidth)).ToList();
        var labelWidth = labels.Max(l => TextMetrics.Width(l, LabelFontSize));
        var frame = ChartChrome.Plot(legendBottom, 0);
        var plot = frame with { Left = 16 + labelWidth + 12 };

        var highest = Math.Max(0, bars.Max(b => b.Value));
        var low = Math.Min(0, bars.Min(b => b.Value));
        // Head room so the longest bar's value label usually fits beside it.
        var scale = LinearScale.Nice(low, highest > low ? highest * 1.12 : low + 1, Math.Clamp((int)(plot.Width / 110), 2, 10));
        ChartChrome.CategoryAxis(svg, plot, scale.Ticks.Select(t => (scale.Map(t, plot.Left, plot.Right), scale.Label(t))), grid: true);
        ChartChrome.XAxisTitle(svg, plot, chart.ValueAxisTitle);

        var row = plot.Height / bars.Count;
        var thickness = Math.Min(30, row * 0.68);
        var zero = scale.Map(0, plot.Left, plot.Right);
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var centre = plot.Top + (row * (i + 0.5));
            var end = scale.Map(bar.Value, plot.Left, plot.Right);
            svg.BeginGroup(bar.Label, "bar");
            svg.Text(plot.Left - 12, centre + 4.5, labels[i], LabelFontSize, ChartPalette.Text, TextAnchor.End);
            svg.Rect(Math.Min(zero, end), centre - (thickness / 2), Math.Abs(end - zero), thickness, chart.Colour);

            var valueText = Value(bar.Value, chart.ValueUnit);
            var valueWidth = TextMetrics.Width(valueText, ValueFontSize);
            if (end + 6 + valueWidth <= SvgWriter.Width - 8)
            {
                svg.Text(end + 6, centre + 4, valueText, ValueFontSize, ChartPalette.Text);
            }
            else
            {
                svg.Text(end - 6, centre + 4, valueText, ValueFontSize, ChartPalette.Background, TextAnchor.End, bold: true);
            }

            svg.EndGroup();
        }

        ChartChrome.Axes(svg, plot);
        return svg.Finish();
    }

    private static string Value(double value, string unit)
    {
        var text = value.ToString(Math.Abs(value) >= 100 ? "0.#" : "0.##", CultureInfo.InvariantCulture);
        return unit.Length == 0 ? text : text + " " + unit;
    }
}
