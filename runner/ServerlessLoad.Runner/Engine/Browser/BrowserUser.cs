using Microsoft.Playwright;
using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Runner.Engine.Browser;

/// <summary>
/// A browser VU: its own browser context (cookies, cache and storage of its own, kept across its iterations like a
/// returning visitor's), opened at its first browser step and closed when the VU ends, and a page (tab) per iteration,
/// closed when the iteration ends, so every iteration starts on a blank page. Only the VU's own loop uses it.
/// </summary>
internal sealed class BrowserUser(Scenario scenario) : IAsyncDisposable
{
    private static readonly TimeSpan SettleAfterNavigation = TimeSpan.FromSeconds(5);

    private readonly BrowserNewContextOptions contextOptions = new()
    {
        IgnoreHTTPSErrors = scenario.InsecureSkipTlsVerify,
        ViewportSize = new ViewportSize { Width = 1280, Height = 720 },
    };

    /// <summary>Taken in the VU's own flow, where a caller may have scoped a guard of its own.</summary>
    private readonly BrowserGuard guard = new(TargetGuard.Current);

    private IBrowserContext? context;
    private IPage? page;

    public PageViews Views { get; } = new();

    /// <summary>Whether the iteration has a page (its first browser step opened one).</summary>
    public bool HasPage => page is not null;

    /// <summary>The iteration's page, opening the VU's context and the page first when needed.</summary>
    public async Task<IPage> PageAsync()
    {
        if (context is null)
        {
            context = await ChromiumHost.Shared.NewContextAsync(contextOptions).ConfigureAwait(false);
            await guard.AttachAsync(context).ConfigureAwait(false);
            await context.AddInitScriptAsync(PageVitals.Script).ConfigureAwait(false);
        }

        return page ??= await context.NewPageAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// The page's Web Vitals state now (<paramref name="settle"/>: after letting a frame render, so entries of what just
    /// happened have arrived); null when the page has no measurable document. A navigation in flight is waited for.
    /// </summary>
    public async Task<PageSnapshot?> SnapshotAsync(bool settle)
    {
        if (page is not { IsClosed: false } current)
        {
            return null;
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return PageVitals.Parse(await current.EvaluateAsync<string?>(PageVitals.ReadFunction, settle).ConfigureAwait(false));
            }
            catch (PlaywrightException) when (attempt == 0 && !current.IsClosed)
            {
                // Most likely the document was replaced while the read ran: read the new one once it is there.
                try
                {
                    await current.WaitForLoadStateAsync(LoadState.DOMContentLoaded, new() { Timeout = (float)SettleAfterNavigation.TotalMilliseconds }).ConfigureAwait(false);
                }
                catch (Exception e) when (e is PlaywrightException or TimeoutException)
                {
                    return null;
                }
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException)
            {
                return null;
            }
        }
    }

    /// <summary>A PNG of what the page shows, or null when it cannot be taken (the page closed or hangs).</summary>
    public async Task<byte[]?> ScreenshotAsync()
    {
        if (page is not { IsClosed: false } current)
        {
            return null;
        }

        try
        {
            return await current.ScreenshotAsync(new PageScreenshotOptions { Timeout = 5_000, Animations = ScreenshotAnimations.Disabled }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            return null;
        }
    }

    /// <summary>
    /// The iteration ends: unless it was stopped, the page view still open is read once more and handed to
    /// <paramref name="record"/>; then the page closes.
    /// </summary>
    public async Task EndIterationAsync(Action<IReadOnlyList<VitalSample>> record, bool stopped)
    {
        if (page is null)
        {
            return;
        }

        if (stopped)
        {
            Views.Abandon();
        }
        else
        {
            record(Views.End(await SnapshotAsync(settle: true).ConfigureAwait(false)));
        }

        await ClosePageAsync().ConfigureAwait(false);
    }

    /// <summary>Cuts short whatever the page is doing (the scenario stopped): pending actions fail at once.</summary>
    public void Abort()
    {
        if (page is { } current)
        {
            _ = current.CloseAsync().ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ClosePageAsync().ConfigureAwait(false);
        if (context is { } open)
        {
            context = null;
            try
            {
                await open.CloseAsync().ConfigureAwait(false);
            }
            catch (PlaywrightException)
            {
                // The browser went away first; the context went with it.
            }
        }
    }

    private async Task ClosePageAsync()
    {
        if (page is { } open)
        {
            page = null;
            try
            {
                await open.CloseAsync().ConfigureAwait(false);
            }
            catch (PlaywrightException)
            {
                // Already closed (an abort, a crash).
            }
        }
    }
}
