using ScottPlot;

namespace ServerlessLoad.Reports.Charts;

/// <summary>
/// A series as a line broken at gaps (NaN), with dots where points are few enough to tell apart; a baseline's series is
/// dashed and lighter behind the current run's.
/// </summary>
internal static class SeriesLines
{
    /// <summary>Up to this many points each gets a dot, so a run of a few seconds still shows its measurements.</summary>
    public const int MaxPointsWithMarkers = 60;

    private const float MarkerSize = 7;

    private const float TargetLineWidth = 8;
    private const double TargetOpacity = 0.45;

    /// <summary>Finite X, non-finite Y turned into gaps, in X order, at most <see cref="Downsampler.MaxPoints"/> points.</summary>
    public static ChartSeries Prepare(ChartSeries series) => series with
    {
        Points = Downsampler.MinMax(series.Points
            .Where(p => double.IsFinite(p.X))
            .Select(p => double.IsFinite(p.Y) ? p : p with { Y = double.NaN })
            .OrderBy(p => p.X)
            .ToList()),
    };

    /// <summary>The legend entry of a series of the current run.</summary>
    public static ScottPlot.LegendItem LegendItem(ChartSeries series, string label)
    {
        var item = ChartStyle.LineItem(label, series.Colour);
        if (series.IsTarget)
        {
            item.LineColor = item.LineColor.WithOpacity(TargetOpacity);
            item.LineWidth = TargetLineWidth;
        }

        return item;
    }

    /// <summary>
    /// Adds prepared series in drawing order: a baseline's behind, then targets, then the measured lines on top;
    /// <paramref name="x"/> maps X values to the plot's coordinates.
    /// </summary>
    public static void AddAll(Plot plot, IReadOnlyList<ChartSeries> current, IReadOnlyList<ChartSeries> baseline, Func<double, double> x, IYAxis? secondary = null)
    {
        var ordered = baseline.Select(s => (Series: s, Baseline: true))
            .Concat(current.Where(s => s.IsTarget).Select(s => (Series: s, Baseline: false)))
            .Concat(current.Where(s => !s.IsTarget).Select(s => (Series: s, Baseline: false)));
        foreach (var (series, isBaseline) in ordered)
        {
            Add(plot, series, x, isBaseline, series.Axis == ValueAxis.Secondary ? secondary : null);
        }
    }

    /// <summary>Adds a prepared series; <paramref name="x"/> maps its X values to the plot's coordinates.</summary>
    public static void Add(Plot plot, ChartSeries series, Func<double, double> x, bool baseline, IYAxis? axis = null)
    {
        if (series.Points.Count == 0)
        {
            return;
        }

        var colour = ChartStyle.Colour(series.Colour);
        if (baseline)
        {
            colour = colour.WithOpacity(ChartStyle.BaselineOpacity);
        }
        else if (series.IsTarget)
        {
            colour = colour.WithOpacity(TargetOpacity);
        }

        var xs = series.Points.Select(p => x(p.X)).ToArray();
        var ys = series.Points.Select(p => p.Y).ToArray();
        var line = plot.Add.Scatter(xs, ys, colour);
        line.LineWidth = baseline ? ChartStyle.BaselineLineWidth : series.IsTarget ? TargetLineWidth : ChartStyle.LineWidth;
        line.LinePattern = baseline ? LinePattern.Dashed : LinePattern.Solid;
        var dotted = !baseline && !series.IsTarget && series.Points.Count <= MaxPointsWithMarkers;
        Mark(line, dotted, colour);
        UseAxis(line, axis);

        // A measured point between two gaps has no neighbour to draw a line to: it gets a dot of its own.
        var lone = Enumerable.Range(0, ys.Length).Where(i => IsLone(ys, i)).ToList();
        if (!dotted && lone.Count > 0)
        {
            var dots = plot.Add.Scatter(lone.Select(i => xs[i]).ToArray(), lone.Select(i => ys[i]).ToArray(), colour);
            dots.LineWidth = 0;
            Mark(dots, true, colour);
            UseAxis(dots, axis);
        }
    }

    private static bool IsLone(double[] ys, int i) =>
        !double.IsNaN(ys[i]) && (i == 0 || double.IsNaN(ys[i - 1])) && (i == ys.Length - 1 || double.IsNaN(ys[i + 1]));

    private static void Mark(ScottPlot.Plottables.Scatter line, bool dotted, Color colour)
    {
        line.MarkerShape = dotted ? MarkerShape.FilledCircle : MarkerShape.None;
        line.MarkerSize = dotted ? MarkerSize : 0;
        line.MarkerFillColor = colour;
        line.MarkerLineColor = colour;
    }

    private static void UseAxis(ScottPlot.Plottables.Scatter line, IYAxis? axis)
    {
        if (axis is not null)
        {
            line.Axes.YAxis = axis;
        }
    }
}
