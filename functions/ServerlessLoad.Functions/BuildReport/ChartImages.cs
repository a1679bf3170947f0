using Microsoft.Extensions.Logging;
using ServerlessLoad.Reports.Charts;
using ServerlessLoad.Reports.Publishing;

namespace ServerlessLoad.Functions.BuildReport;

/// <summary>
/// Whether the host draws PNG versions of the charts (ScottPlot, in process: no browser), and the drawing itself.
/// Without them (Sload:PngCharts off), reports carry the SVG charts and link those instead.
/// </summary>
public sealed class ChartImages(ILogger<ChartImages> logger, bool enabled = true) : IDisposable
{
    /// <summary>
    /// Charts drawn at once across all the reports the host builds: drawing is CPU work, and on a small machine the
    /// host shares its cores with runners still generating load for other runs, so it takes at most half of them.
    /// </summary>
    public static readonly int MaxConcurrentDrawings = Math.Max(1, Environment.ProcessorCount / 2);

    private readonly SemaphoreSlim drawing = new(MaxConcurrentDrawings, MaxConcurrentDrawings);

    /// <summary>A stand-in that never draws PNGs.</summary>
    public static ChartImages Disabled(ILogger<ChartImages> logger) => new(logger, enabled: false);

    public bool Available => enabled;

    /// <summary>The chart's PNG, drawn on a pool thread once one of the <see cref="MaxConcurrentDrawings"/> places is free.</summary>
    public async Task<Artifact> DrawAsync(ReportChart chart, CancellationToken ct)
    {
        await drawing.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => ReportArtifacts.Png(chart), ct).ConfigureAwait(false);
        }
        finally
        {
            drawing.Release();
        }
    }

    public void Dispose() => drawing.Dispose();

    /// <summary>
    /// Draws one small chart at start-up, so the first report does not pay for loading Skia, the font and the drawing
    /// code; says loudly when no font is installed, since the charts would then have no text at all.
    /// </summary>
    public Task WarmUpAsync()
    {
        if (!enabled)
        {
            return Task.CompletedTask;
        }

        return Task.Run(() =>
        {
            if (ChartFont.Problem is { } problem)
            {
                logger.LogError("{Problem}", problem);
            }

            try
            {
                ChartImage.Png(new TimeSeriesChart("warm-up", "value", [new ChartSeries("value", ChartPalette.Blue, [new(0, 1), new(1, 2)])]));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogWarning("Charts could not be drawn ahead of the first report: {Error}", e.Message);
            }
        });
    }
}
