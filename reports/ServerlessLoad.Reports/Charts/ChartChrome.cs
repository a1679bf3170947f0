namespace ServerlessLoad.Reports.Charts;

/// <summary>The drawing area inside the axes, in SVG pixels.</summary>
internal readonly record struct PlotArea(double Left, double Top, double Right, double Bottom)
{
    public double Width => Right - Left;

    public double Height => Bottom - Top;

    public double CenterX => (Left + Right) / 2;

    public double CenterY => (Top + Bottom) / 2;
}

internal enum LegendSwatch
{
    Line,
    DashedLine,
    Box,
}

internal sealed record LegendItem(string Label, string Colour, LegendSwatch Swatch = LegendSwatch.Line);

/// <summary>
/// Everything around the data that all charts share: title, legend, axes, gridlines and the empty-chart message.
/// Fixed font sizes and measured labels keep every chart's text legible and apart.
/// </summary>
internal static class ChartChrome
{
    public const string NoDataMessage = "No data";
    public const double TickFontSize = 13;
    public const double AxisTitleFontSize = 13;

    private const double TitleFontSize = 20;
    private const double LegendFontSize = 13;
    private const double LegendRowHeight = 22;
    private const double LegendSwatchWidth = 24;
    private const double LegendItemGap = 22;
    private const double SideMargin = 32;
    private const double AxisTitleBand = 30;
    private const double BottomMargin = 64;

    public static void Title(SvgWriter svg, string title) =>
        svg.Text(SvgWriter.Width / 2, 34, TextMetrics.Fit(title, TitleFontSize, SvgWriter.Width - (2 * SideMargin)), TitleFontSize, ChartPalette.Text, TextAnchor.Middle, bold: true);

    /// <summary>Lays the legend out in centred rows under the title, wrapping as needed; returns where the plot may start.</summary>
    public static double Legend(SvgWriter svg, IReadOnlyList<LegendItem> items)
    {
        const double firstRowY = 62;
        if (items.Count == 0)
        {
            return firstRowY - 6;
        }

        var available = SvgWriter.Width - (2 * SideMargin);
        var maxLabel = available - LegendSwatchWidth - 8;
        var rows = new List<List<(LegendItem Item, string Text, double Width)>> { new() };
        double rowWidth = 0;
        foreach (var item in items)
        {
            var text = TextMetrics.Fit(item.Label, LegendFontSize, maxLabel);
            var width = LegendSwatchWidth + 8 + TextMetrics.Width(text, LegendFontSize);
            var needed = rows[^1].Count == 0 ? width : rowWidth + LegendItemGap + width;
            if (rows[^1].Count > 0 && needed > available)
            {
                rows.Add([]);
                needed = width;
            }

            rows[^1].Add((item, text, width));
            rowWidth = needed;
        }

        for (var r = 0; r < rows.Count; r++)
        {
            var y = firstRowY + (r * LegendRowHeight);
            var total = rows[r].Sum(e => e.Width) + (LegendItemGap * (rows[r].Count - 1));
            var x = (SvgWriter.Width - total) / 2;
            foreach (var (item, text, width) in rows[r])
            {
                switch (item.Swatch)
                {
                    case LegendSwatch.Box:
                        svg.Rect(x + 4, y - 10, LegendSwatchWidth - 8, 12, item.Colour);
                        break;
                    case LegendSwatch.DashedLine:
                        svg.Line(x, y - 4, x + LegendSwatchWidth, y - 4, item.Colour, 2, "6 4");
                        break;
                    default:
                        svg.Line(x, y - 4, x + LegendSwatchWidth, y - 4, item.Colour, 3);
                        break;
                }

                svg.Text(x + LegendSwatchWidth + 8, y, text, LegendFontSize, ChartPalette.Text);
                x += width + LegendItemGap;
            }
        }

        return firstRowY + ((rows.Count - 1) * LegendRowHeight) + 8;
    }

    /// <summary>The plot area given the legend's bottom and the widest tick labels on each side (0 = no axis there).</summary>
    public static PlotArea Plot(double legendBottom, double leftLabelWidth, double rightLabelWidth = 0)
    {
        var left = leftLabelWidth > 0 ? AxisTitleBand + leftLabelWidth + 16 : SideMargin;
        var right = rightLabelWidth > 0 ? SvgWriter.Width - (AxisTitleBand + rightLabelWidth + 16) : SvgWriter.Width - SideMargin;
        return new PlotArea(left, legendBottom + 20, right, SvgWriter.Height - BottomMargin);
    }

    public static double LabelWidth(IEnumerable<string> labels) =>
        labels.Select(l => TextMetrics.Width(l, TickFontSize)).DefaultIfEmpty(0).Max();

    public static void NoData(SvgWriter svg, PlotArea plot, string message = NoDataMessage)
    {
        svg.Rect(plot.Left, plot.Top, plot.Width, plot.Height, "#F6F8FA", stroke: ChartPalette.Grid);
        svg.Text(plot.CenterX, plot.CenterY + 7, message, 20, ChartPalette.MutedText, TextAnchor.Middle);
    }

    /// <summary>Horizontal gridlines with their labels on the left (or right) side; <paramref name="map"/> gives the pixel y of a value.</summary>
    public static void ValueAxis(SvgWriter svg, PlotArea plot, IReadOnlyList<double> ticks, Func<double, double> map, Func<double, string> label, bool right, bool grid)
    {
        svg.BeginAxis(right ? "y2" : "y");
        double? lastY = null;
        foreach (var tick in ticks)
        {
            var y = map(tick);
            if (grid)
            {
                svg.Line(plot.Left, y, plot.Right, y, ChartPalette.Grid);
            }

            // Ticks are laid out at least a label apart; this only guards against degenerate scales.
            if (lastY is { } previous && Math.Abs(previous - y) < TickFontSize + 2)
            {
                continue;
            }

            if (right)
            {
                svg.Line(plot.Right, y, plot.Right + 5, y, ChartPalette.Axis);
                svg.Text(plot.Right + 9, y + 4.5, label(tick), TickFontSize, ChartPalette.MutedText);
            }
            else
            {
                svg.Line(plot.Left - 5, y, plot.Left, y, ChartPalette.Axis);
                svg.Text(plot.Left - 9, y + 4.5, label(tick), TickFontSize, ChartPalette.MutedText, TextAnchor.End);
            }

            lastY = y;
        }

        svg.EndGroup();
    }

    public static void ValueAxisTitle(SvgWriter svg, PlotArea plot, string title, bool right)
    {
        var x = right ? SvgWriter.Width - 14 : 20;
        var text = TextMetrics.Fit(title, AxisTitleFontSize, plot.Height);
        svg.Text(x, plot.CenterY, text, AxisTitleFontSize, ChartPalette.MutedText, TextAnchor.Middle, rotated: true);
    }

    /// <summary>Vertical gridlines and labels under the plot. A label that would touch the previous one is left out.</summary>
    public static void CategoryAxis(SvgWriter svg, PlotArea plot, IEnumerable<(double X, string Label)> ticks, bool grid)
    {
        svg.BeginAxis("x");
        var lastRight = double.NegativeInfinity;
        foreach (var (x, label) in ticks)
        {
            if (grid)
            {
                svg.Line(x, plot.Top, x, plot.Bottom, ChartPalette.Grid);
            }

            svg.Line(x, plot.Bottom, x, plot.Bottom + 5, ChartPalette.Axis);
            var half = TextMetrics.Width(label, TickFontSize) / 2;
            if (x - half < lastRight + 8)
            {
                continue;
            }

            svg.Text(x, plot.Bottom + 21, label, TickFontSize, ChartPalette.MutedText, TextAnchor.Middle);
            lastRight = x + half;
        }

        svg.EndGroup();
    }

    public static void XAxisTitle(SvgWriter svg, PlotArea plot, string title) =>
        svg.Text(plot.CenterX, SvgWriter.Height - 16, TextMetrics.Fit(title, AxisTitleFontSize, plot.Width), AxisTitleFontSize, ChartPalette.MutedText, TextAnchor.Middle);

    /// <summary>The axis lines along the bottom and the left (and right, when there is a second value axis).</summary>
    public static void Axes(SvgWriter svg, PlotArea plot, bool rightAxis = false)
    {
        svg.Line(plot.Left, plot.Bottom, plot.Right, plot.Bottom, ChartPalette.Axis);
        svg.Line(plot.Left, plot.Top, plot.Left, plot.Bottom, ChartPalette.Axis);
        if (rightAxis)
        {
            svg.Line(plot.Right, plot.Top, plot.Right, plot.Bottom, ChartPalette.Axis);
        }
    }
}
