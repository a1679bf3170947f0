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

    public const int DefaultWidth = 1200;

    public const int DefaultHeight = 600;

    private const int ParallelPages = 3;

    private readonly SemaphoreSlim launching = new(1, 1);
    private readonly SemaphoreSlim warmInUse = new(1, 1);
    private IBrowserContext? warmContext;
    private IPage[]? warmPages;
    private IPlaywright? playwright;
    private IBrowser? browser;
    private bool disposed;

    /// <summary>A PNG of <paramref name="svg"/> drawn at <paramref name="width"/> x <paramref name="height"/> CSS pixels, so twice that in image pixels.</summary>
    public async Task<byte[]> RenderAsync(string svg, int width = DefaultWidth, int height = DefaultHeight)
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
    /// PNGs of several SVGs of the same size, drawn one after another on a few pages: a browser context per image costs
    /// more than the drawing itself. At the default size the pages are kept open between calls (one caller at a time;
    /// a concurrent caller gets pages of its own), so a report does not wait for Chromium to start renderer processes.
    /// </summary>
    public async Task<IReadOnlyList<byte[]>> RenderManyAsync(IReadOnlyList<string> svgs, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(svgs);
        if (svgs.Count == 0)
        {
            return [];
        }

        if (width == DefaultWidth && height == DefaultHeight && await warmInUse.WaitAsync(0).ConfigureAwait(false))
        {
            try
            {
                var pages = await WarmPagesAsync().ConfigureAwait(false);
                try
                {
                    return await DrawAsync(pages, svgs, width, height).ConfigureAwait(false);
                }
                catch (PlaywrightException)
                {
                    // A page that failed may be broken: the next call opens fresh ones.
                    await CloseWarmPagesAsync().ConfigureAwait(false);
                    throw;
                }
            }
            finally
            {
                warmInUse.Release();
            }
        }

        var running = await BrowserAsync().ConfigureAwait(false);
        var context = await NewContextAsync(running, width, height).ConfigureAwait(false);
        try
        {
            var pages = await Task.WhenAll(Enumerable.Range(0, Math.Min(ParallelPages, svgs.Count)).Select(_ => context.NewPageAsync())).ConfigureAwait(false);
            return await DrawAsync(pages, svgs, width, height).ConfigureAwait(false);
        }
        finally
        {
            await context.CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Draws the SVGs on the given pages at once (Chromium rasterizes and encodes each on its own threads).</summary>
    private static async Task<IReadOnlyList<byte[]>> DrawAsync(IReadOnlyList<IPage> pages, IReadOnlyList<string> svgs, int width, int height)
    {
        var images = new byte[svgs.Count][];
        var next = -1;
        var workers = pages.Take(svgs.Count).Select(async page =>
        {
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

    private static Task<IBrowserContext> NewContextAsync(IBrowser browser, int width, int height) =>
        browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            DeviceScaleFactor = DeviceScaleFactor,
            Offline = true,
        });

    /// <summary>The kept pages at the default size, opened on first use; the caller holds <see cref="warmInUse"/>.</summary>
    private async Task<IReadOnlyList<IPage>> WarmPagesAsync()
    {
        if (warmPages is { } open)
        {
            return open;
        }

        var running = await BrowserAsync().ConfigureAwait(false);
        warmContext = await NewContextAsync(running, DefaultWidth, DefaultHeight).ConfigureAwait(false);
        warmPages = await Task.WhenAll(Enumerable.Range(0, ParallelPages).Select(_ => warmContext.NewPageAsync())).ConfigureAwait(false);
        return warmPages;
    }

    private async Task CloseWarmPagesAsync()
    {
        var context = warmContext;
        warmContext = null;
        warmPages = null;
        if (context is not null)
        {
            try
            {
                await context.CloseAsync().ConfigureAwait(false);
            }
            catch (PlaywrightException)
            {
                // Already gone with its browser.
            }
        }
    }

    /// <summary>Starts the browser and opens the pages charts are drawn on, so the first report does not pay for either.</summary>
    public async Task WarmUpAsync()
    {
        await warmInUse.WaitAsync().ConfigureAwait(false);
        try
        {
            await WarmPagesAsync().ConfigureAwait(false);
        }
        finally
        {
            warmInUse.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await warmInUse.WaitAsync().ConfigureAwait(false);
        await CloseWarmPagesAsync().ConfigureAwait(false);
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
        warmInUse.Dispose();
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
