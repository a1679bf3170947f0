using ScottPlot;
using ScottPlot.Plottables;
using ServerlessLoad.Reports.Charts;

namespace ServerlessLoad.Reports.Tests.Charts;

/// <summary>The ScottPlot plot a chart definition becomes, laid out once, with what tests ask of it.</summary>
internal sealed class PlotProbe : IDisposable
{
    private PlotProbe(Plot plot)
    {
        Plot = plot;
        Plot.GetImage(ChartImage.Width, ChartImage.Height).Dispose();
    }

    public Plot Plot { get; }

    public static PlotProbe Of(ChartDefinition chart) => new(ChartImage.Build(chart));

    /// <summary>The lines, in drawing order (later ones on top).</summary>
    public IReadOnlyList<Scatter> Lines => Plot.GetPlottables<Scatter>().ToList();

    public IReadOnlyList<string> LegendLabels => Plot.Legend.ManualItems.Select(i => i.LabelText).ToList();

    public static IReadOnlyList<Coordinates> Points(Scatter line) => line.Data.GetScatterPoints().ToList();

    public static int Measured(Scatter line) => Points(line).Count(p => !double.IsNaN(p.Y));

    public static IReadOnlyList<string> TickLabels(IAxis axis) =>
        axis.TickGenerator.Ticks.Where(t => t.IsMajor).OrderBy(t => t.Position).Select(t => t.Label).ToList();

    public void Dispose() => Plot.Dispose();
}
