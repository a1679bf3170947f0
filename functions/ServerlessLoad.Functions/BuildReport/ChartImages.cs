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

    public async Task<byte[]?> TryRenderAsync(string svg)
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

        return await rasterizer.RenderAsync(svg).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => rasterizer.DisposeAsync();
}
