using Microsoft.Extensions.Logging;
using ServerlessLoad.Reports.Imaging;

namespace ServerlessLoad.Functions.BuildReport;

/// <summary>
/// PNG versions of the charts, drawn by the system's Chromium (one browser kept for the host's lifetime). Without
/// Chromium, reports still carry the SVG charts and link those instead.
/// </summary>
public sealed class ChartImages(ILogger<ChartImages> logger, string chromiumPath = Chromium.DefaultExecutablePath) : IAsyncDisposable
{
    private readonly PngRasterizer rasterizer = new(chromiumPath);
    private bool warned;

    /// <summary>A stand-in that never draws PNGs (tests, hosts without a browser).</summary>
    public static ChartImages Disabled(ILogger<ChartImages> logger) => new(logger, "/nonexistent/chromium");

    public bool Available => File.Exists(chromiumPath);

    /// <summary>PNGs of the given SVGs, in order; null when there is no Chromium.</summary>
    public async Task<IReadOnlyList<byte[]>?> TryRenderAsync(IReadOnlyList<string> svgs)
    {
        if (!Available)
        {
            if (!warned)
            {
                warned = true;
                logger.LogWarning("No Chromium at {Path}: reports link SVG charts instead of PNG.", chromiumPath);
            }

            return null;
        }

        return await rasterizer.RenderManyAsync(svgs).ConfigureAwait(false);
    }

    /// <summary>Launches the browser in the background at start-up; a failure only means the first report launches it.</summary>
    public async Task WarmUpAsync()
    {
        if (!Available)
        {
            return;
        }

        try
        {
            await rasterizer.WarmUpAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning("Chromium did not start ahead of the first report: {Error}", e.Message);
        }
    }

    public ValueTask DisposeAsync() => rasterizer.DisposeAsync();
}
