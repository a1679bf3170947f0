using System.Net.Sockets;
using Microsoft.Playwright;

namespace ServerlessLoad.Runner.Engine.Browser;

/// <summary>
/// The allow-list for a browser VU's traffic: Chromium opens its own connections, so every request its pages make
/// (documents, scripts, images, fetches, redirects) is routed through here and sent only when <see cref="TargetGuard"/>
/// allows every address its host resolves to; anything else is aborted before it leaves the browser (the page sees
/// net::ERR_BLOCKED_BY_CLIENT, a navigation failure when it was the document). Hosts found allowed are remembered for
/// the VU's life. Inline URLs (data:, blob:, about:) open no connection and pass.
/// </summary>
internal sealed class BrowserGuard(TargetGuard guard)
{
    private readonly HashSet<string> allowed = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock gate = new();

    /// <summary>Routes every request of <paramref name="context"/> through the guard.</summary>
    public Task AttachAsync(IBrowserContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.RouteAsync("**/*", HandleAsync);
    }

    private async Task HandleAsync(IRoute route)
    {
        if (!Uri.TryCreate(route.Request.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https" or "ws" or "wss"))
        {
            await route.ContinueAsync().ConfigureAwait(false);
            return;
        }

        if (await AllowsAsync(url.IdnHost).ConfigureAwait(false))
        {
            await route.ContinueAsync().ConfigureAwait(false);
        }
        else
        {
            await route.AbortAsync("blockedbyclient").ConfigureAwait(false);
        }
    }

    private async Task<bool> AllowsAsync(string host)
    {
        lock (gate)
        {
            if (allowed.Contains(host))
            {
                return true;
            }
        }

        try
        {
            await guard.AddressesAsync(host).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TargetNotAllowedException or SocketException)
        {
            return false;
        }

        lock (gate)
        {
            allowed.Add(host);
        }

        return true;
    }
}
