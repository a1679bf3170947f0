using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace ServerlessLoad.Cli.Target;

/// <summary>
/// A small shop page for browser steps: <c>GET /shop</c> is a page whose largest element is a hero image served after
/// a delay (<c>/shop/hero.svg</c>, so its LCP is measurably later than its first paint), with a slow script
/// (<c>/shop/slow.js</c>, loaded async: it holds the page's load event back, not its paint) and an order form;
/// <c>POST /shop/order</c> answers a confirmation page naming the order. <c>?hero=MS</c> and <c>?slow=MS</c> on the page
/// set the two delays (defaults 150 ms and 600 ms). Nothing here keeps state, and the pages log nothing to the console.
/// </summary>
internal static class DemoShopPage
{
    public const string PagePath = "/shop";
    public const string HeroPath = "/shop/hero.svg";
    public const string SlowScriptPath = "/shop/slow.js";
    public const string OrderPath = "/shop/order";

    private const int DefaultHeroMs = 150;
    private const int DefaultSlowMs = 600;
    private const int MaxDelayMs = 10_000;

    public static bool Serves(string path) => path == PagePath || path.StartsWith("/shop/", StringComparison.Ordinal);

    public static Task HandleAsync(HttpContext context, string path, Func<TimeSpan, Task<bool>> delay) => path switch
    {
        PagePath => PageAsync(context),
        HeroPath => AfterDelayAsync(context, delay, DefaultHeroMs, "image/svg+xml", HeroSvg),
        SlowScriptPath => AfterDelayAsync(context, delay, DefaultSlowMs, "text/javascript", SlowScript),
        OrderPath => OrderAsync(context),
        _ => WriteAsync(context, 404, "text/plain; charset=utf-8", $"no page {path}"),
    };

    private static Task PageAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            return WriteAsync(context, 405, "text/plain; charset=utf-8", "use GET");
        }

        var hero = Delay(context.Request.Query["hero"], DefaultHeroMs);
        var slow = Delay(context.Request.Query["slow"], DefaultSlowMs);
        var html = $$"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <link rel="icon" href="data:,">
            <title>Demo shop</title>
            <style>
              body { font-family: sans-serif; margin: 0 auto; max-width: 900px; padding: 16px; }
              #hero { display: block; width: 860px; height: 360px; }
              form { margin-top: 16px; display: flex; gap: 8px; align-items: center; }
            </style>
            </head>
            <body>
            <h1>Demo shop</h1>
            <img id="hero" src="{{HeroPath}}?ms={{hero}}" width="860" height="360" alt="Today's offer">
            <p id="recommendations">Loading recommendations...</p>
            <form id="order" method="post" action="{{OrderPath}}">
              <label>Name <input id="name" name="name" required></label>
              <label>Size <select id="size" name="size"><option value="s">Small</option><option value="m">Medium</option><option value="l">Large</option></select></label>
              <button id="buy" type="submit">Buy</button>
            </form>
            <script async src="{{SlowScriptPath}}?ms={{slow}}"></script>
            </body>
            </html>
            """;
        return WriteAsync(context, 200, "text/html; charset=utf-8", html);
    }

    private static async Task OrderAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.HasFormContentType)
        {
            await WriteAsync(context, 405, "text/plain; charset=utf-8", "POST the order form");
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var name = form["name"].ToString();
        var size = form["size"].ToString();
        if (name.Length is 0 or > 100 || size is not ("s" or "m" or "l"))
        {
            await WriteAsync(context, 400, "text/plain; charset=utf-8", "name (1 to 100 characters) and size (s, m or l) are required");
            return;
        }

        // The order id is derived from the order, so the target stays stateless and answers are reproducible.
        var id = string.Create(CultureInfo.InvariantCulture, $"A{Fnv1a(name + "|" + size) % 1_000_000:D6}");
        var html = $$"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Order confirmed</title></head>
            <body>
            <h1 id="thanks">Thank you, {{WebUtility.HtmlEncode(name)}}!</h1>
            <p>Your order <span id="order-id" data-order="{{id}}">{{id}}</span> (size {{size}}) is on its way.</p>
            <a id="again" href="{{PagePath}}">Shop again</a>
            </body>
            </html>
            """;
        await WriteAsync(context, 200, "text/html; charset=utf-8", html);
    }

    private static async Task AfterDelayAsync(HttpContext context, Func<TimeSpan, Task<bool>> delay, int defaultMs, string contentType, string body)
    {
        if (await delay(TimeSpan.FromMilliseconds(Delay(context.Request.Query["ms"], defaultMs))))
        {
            await WriteAsync(context, 200, contentType, body);
        }
    }

    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return hash;
    }

    private static int Delay(Microsoft.Extensions.Primitives.StringValues value, int fallback) =>
        int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? Math.Min(ms, MaxDelayMs) : fallback;

    private static Task WriteAsync(HttpContext context, int status, string contentType, string text)
    {
        var body = Encoding.UTF8.GetBytes(text);
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        response.Headers.CacheControl = "no-store";
        return response.Body.WriteAsync(body, 0, body.Length, context.RequestAborted);
    }

    /// <summary>
    /// A tiled picture rather than a flat one: Chromium leaves images of very few bytes per pixel (placeholders) out of
    /// LCP, so the hero carries about 0.4 bits per pixel to count as the page's largest contentful element.
    /// </summary>
    private static readonly string HeroSvg = Hero();

    private static string Hero()
    {
        var svg = new StringBuilder("""<svg xmlns="http://www.w3.org/2000/svg" width="860" height="360" viewBox="0 0 860 360">""");
        for (var row = 0; row < 10; row++)
        {
            for (var column = 0; column < 24; column++)
            {
                var shade = ((row * 24) + column) * 2654435761u;
                svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{column * 36}" y="{row * 36}" width="36" height="36" fill="#{shade >> 8 & 0x3f3f7f | 0x204060:x6}"/>""");
            }
        }

        svg.Append("""<text x="40" y="200" font-family="sans-serif" font-size="56" fill="#fff">Today's offer</text></svg>""");
        return svg.ToString();
    }

    private const string SlowScript = """
        document.getElementById('recommendations').textContent = 'Recommended for you: the large size.';
        """;
}
