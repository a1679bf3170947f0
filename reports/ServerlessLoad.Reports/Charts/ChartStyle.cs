using ScottPlot;

namespace ServerlessLoad.Reports.Charts;

/// <summary>
/// What every chart shares: size, font, title, axes, gridlines, the legend above the plot and the empty-chart message.
/// Sizes are in chart pixels of the 1200 x 600 layout; the PNG draws the same layout at twice the scale.
/// </summary>
internal static class ChartStyle
{
    public const string NoDataMessage = "No data";

    public const float LineWidth = 2.25f;
    public const float BaselineLineWidth = 1.75f;
    public const double BaselineOpacity = 0.55;

    private const float TitleFontSize = 20;
    private const float AxisTitleFontSize = 14;
    private const float TickFontSize = 13;
    private const float LegendFontSize = 13;

    /// <summary>Half ScottPlot's default density: a tick about every 60 px keeps value labels easy to scan.</summary>
    private const double ValueTickDensity = 0.5;

    public static Color Colour(string hex) => Color.FromHex(hex);

    /// <summary>A plot with the report's look and its title; the caller adds data, axis titles and the legend.</summary>
    public static Plot NewPlot(string title)
    {
        // ScottPlot's own font setter pins one typeface on every label, which drops bold; names keep it.
        ScottPlot.Fonts.Default = ChartFont.Family;
        var plot = new Plot();
        plot.FigureBackground.Color = Colour(ChartPalette.Background);
        plot.Title(Text(title), TitleFontSize);
        plot.Axes.Title.Label.Font = null;
        plot.Axes.Title.Label.FontName = ChartFont.Family;
        plot.Axes.Title.Label.Bold = true;
        plot.Axes.Title.Label.ForeColor = Colour(ChartPalette.Text);
        plot.Grid.MajorLineColor = Colour(ChartPalette.Grid);
        plot.Grid.MajorLineWidth = 1;
        plot.Grid.MinorLineWidth = 0;
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.Label.Font = null;
            axis.Label.FontName = ChartFont.Family;
            axis.TickLabelStyle.Font = null;
            axis.TickLabelStyle.FontName = ChartFont.Family;
            axis.Label.FontSize = AxisTitleFontSize;
            axis.Label.Bold = false;
            axis.Label.ForeColor = Colour(ChartPalette.MutedText);
            axis.TickLabelStyle.FontSize = TickFontSize;
            axis.TickLabelStyle.ForeColor = Colour(ChartPalette.MutedText);
            axis.FrameLineStyle.Color = Colour(ChartPalette.Axis);
            axis.MajorTickStyle.Color = Colour(ChartPalette.Axis);
            axis.MinorTickStyle.Length = 0;
            axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { TickDensity = ValueTickDensity };
        }

        plot.Axes.Top.FrameLineStyle.Width = 0;
        plot.Axes.Right.FrameLineStyle.Width = 0;
        return plot;
    }

    public static void AxisTitles(Plot plot, string x, string y)
    {
        plot.Axes.Bottom.Label.Text = Text(x);
        plot.Axes.Left.Label.Text = Text(y);
    }

    /// <summary>The legend in one centred row (wrapping when long) between the title and the plot.</summary>
    public static void Legend(Plot plot, IEnumerable<LegendItem> items)
    {
        var list = items.ToList();
        if (list.Count == 0)
        {
            return;
        }

        var legend = plot.Legend;
        legend.DisplayPlottableLegendItems = false;
        legend.ManualItems.Clear();
        legend.ManualItems.AddRange(list);
        legend.FontName = ChartFont.Family;
        legend.FontSize = LegendFontSize;
        legend.FontColor = Colour(ChartPalette.Text);
        legend.OutlineWidth = 0;
        legend.BackgroundColor = Colors.Transparent;
        legend.ShadowColor = Colors.Transparent;
        legend.TightHorizontalWrapping = true;
        legend.SymbolWidth = 26;
        legend.Margin = new PixelPadding(0, 0);
        var panel = plot.ShowLegend(Edge.Top);
        panel.Padding = new PixelPadding(0, 4);
    }

    public static LegendItem LineItem(string label, string colour, bool dashed = false, bool marker = false) => new()
    {
        LabelText = Text(label),
        LineColor = Colour(colour),
        LineWidth = dashed ? BaselineLineWidth : LineWidth,
        LinePattern = dashed ? LinePattern.Dashed : LinePattern.Solid,
        MarkerShape = marker ? MarkerShape.FilledCircle : MarkerShape.None,
        MarkerSize = marker ? 7 : 0,
        MarkerFillColor = Colour(colour),
        MarkerLineColor = Colour(colour),
    };

    public static LegendItem BoxItem(string label, string colour) => new()
    {
        LabelText = Text(label),
        FillColor = Colour(colour),
        OutlineWidth = 0,
    };

    /// <summary>Room on the right for the last tick label of the X axis, which is centred on the plot's edge.</summary>
    public static void RightMargin(Plot plot) => plot.Axes.Right.MinimumSize = 40;

    /// <summary>An empty frame that says there is nothing to show, so a chart never looks broken.</summary>
    public static void NoData(Plot plot)
    {
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.EmptyTickGenerator();
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.EmptyTickGenerator();
        plot.Grid.IsVisible = false;
        plot.DataBackground.Color = Colour("#F6F8FA");
        var message = plot.Add.Annotation(NoDataMessage, Alignment.MiddleCenter);
        message.LabelFontSize = 20;
        message.LabelFontColor = Colour(ChartPalette.MutedText);
        message.LabelBackgroundColor = Colors.Transparent;
        message.LabelBorderWidth = 0;
        message.LabelShadowColor = Colors.Transparent;
        message.LabelFontName = ChartFont.Family;
    }

    /// <summary>Fixed ticks at the given positions with their labels.</summary>
    public static ScottPlot.TickGenerators.NumericManual Ticks(IEnumerable<(double Position, string Label)> ticks)
    {
        var manual = new ScottPlot.TickGenerators.NumericManual();
        foreach (var (position, label) in ticks)
        {
            manual.AddMajor(position, label);
        }

        return manual;
    }

    /// <summary>Any text from a run (request names, run ids) made safe for the SVG document it ends up in.</summary>
    public static string Text(string? text) => Xml.Sanitize(text);
}
