using System.Globalization;
using Microsoft.Playwright;

namespace ServerlessLoad.Reports.Imaging;

/// <summary>
/// Turns SVG documents into PNG images by letting Chromium draw them, at twice the nominal size for sharp text. One
/// browser is launched on first use and shared by all renders; each render gets its own offline page.
/// </summary>
public sealed class PngRasterizer(string chromiumPath = Chromium.DefaultExecutablePath) : IAsyncDisposable
{
    public const int DeviceScaleFactor = 2;

    private const int ParallelPages = 3;

    private readonly SemaphoreSlim launching = new(1, 1);
    private IPlaywright? playwright;
    private IBrowser? browser;
    private bool disposed;

    /// <summary>A PNG of <paramref name="svg"/> drawn at <paramref name="width"/> x <paramref name="height"/> CSS pixels, so twice that in image pixels.</summary>
    public async Task<byte[]> RenderAsync(string svg, int width = 1200, int height = 600)
    {
        ArgumentNullException.ThrowIfNull(svg);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);

        var running = await BrowserAsync().ConfigureAwait(false);
        var context = await running.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            DeviceScaleFactor = DeviceScaleFactor,
            Offline = true,
        }).ConfigureAwait(false);
        try
        {
            var page = await context.NewPageAsync().ConfigureAwait(false);
            await page.SetContentAsync(Page(svg, width, height)).ConfigureAwait(false);
            return await page.Locator("body > svg").First.ScreenshotAsync(new LocatorScreenshotOptions
            {
                Type = ScreenshotType.Png,
                Animations = ScreenshotAnimations.Disabled,
            }).ConfigureAwait(false);
        }
        finally
        {
            await context.CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// PNGs of several SVGs of the same size, drawn one after another on one page: a browser context per image costs
    /// more than the drawing itself.
    /// </summary>
    public async Task<IReadOnlyList<byte[]>> RenderManyAsync(IReadOnlyList<string> svgs, int width = 1200, int height = 600)
    {
        ArgumentNullException.ThrowIfNull(svgs);
        var running = await BrowserAsync().ConfigureAwait(false);
        var context = await running.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            DeviceScaleFactor = DeviceScaleFactor,
            Offline = true,
        }).ConfigureAwait(false);
        try
        {
            // A few pages draw at once: Chromium rasterizes and encodes each on its own threads.
            var images = new byte[svgs.Count][];
            var next = -1;
            var workers = Enumerable.Range(0, Math.Min(ParallelPages, svgs.Count)).Select(async _ =>
            {
                var page = await context.NewPageAsync().ConfigureAwait(false);
                for (var i = Interlocked.Increment(ref next); i < svgs.Count; i = Interlocked.Increment(ref next))
                {
                    await page.SetContentAsync(Page(svgs[i], width, height)).ConfigureAwait(false);
                    images[i] = await page.Locator("body > svg").First.ScreenshotAsync(new LocatorScreenshotOptions
                    {
                        Type = ScreenshotType.Png,
                        Animations = ScreenshotAnimations.Disabled,
                    }).ConfigureAwait(false);
                }
            });
            await Task.WhenAll(workers).ConfigureAwait(false);
            return images;
        }
        finally
        {
            await context.CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Starts the browser now, so the first report does not pay for the launch.</summary>
    public Task WarmUpAsync() => BrowserAsync();

    public async ValueTask DisposeAsync()
    {
        await launching.WaitAsync().ConfigureAwait(false);
        try
        {
            disposed = true;
            if (browser is not null)
            {
                await browser.CloseAsync().ConfigureAwait(false);
                browser = null;
            }

            playwright?.Dispose();
            playwright = null;
        }
        finally
        {
            launching.Release();
        }

        launching.Dispose();
    }

    /// <summary>The SVG alone on a white page, sized exactly, so the screenshot holds nothing else.</summary>
    internal static string Page(string svg, int width, int height)
    {
        var markup = svg.TrimStart();
        if (markup.StartsWith("<?xml", StringComparison.Ordinal))
        {
            var end = markup.IndexOf("?>", StringComparison.Ordinal);
            markup = end < 0 ? markup : markup[(end + 2)..];
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>html,body{{margin:0;padding:0;background:#fff}}body>svg{{display:block;width:{width}px;height:{height}px}}</style></head><body>{markup}</body></html>");
    }

    private async Task<IBrowser> BrowserAsync()
    {
        await launching.WaitAsync().ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (browser is not null)
            {
                return browser;
            }

            Chromium.EnsureInstalled(chromiumPath);
            playwright ??= await Playwright.CreateAsync().ConfigureAwait(false);
            browser = await Chromium.LaunchAsync(playwright, chromiumPath).ConfigureAwait(false);
            return browser;
        }
        finally
        {
            launching.Release();
        }
    }
}
