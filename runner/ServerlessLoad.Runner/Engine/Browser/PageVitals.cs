using System.Text.Json;

namespace ServerlessLoad.Runner.Engine.Browser;

/// <summary>
/// Web Vitals measured in the page by the browser's own performance timeline: a script added to every document of a
/// VU's browser context (before the page's own scripts run) observes the entries and keeps them for the runner to read.
/// </summary>
/// <remarks>
/// What is measured, per document: TTFB is the navigation entry's responseStart (from the navigation's start); FCP the
/// first-contentful-paint entry; LCP the last largest-contentful-paint candidate (Chromium stops reporting them at the
/// first input); CLS the largest session window of layout shifts without recent input (gaps under 1 s, windows up to
/// 5 s). Interactions are counted with performance.interactionCount, and the longest Event Timing duration of entries
/// with an interactionId (the API reports those of 16 ms or more) is kept until the next read, which resets both: an
/// interaction under 16 ms reads as 0, as the web-vitals library reports it. When a document is left (pagehide) its
/// state is kept in the tab's sessionStorage and the next document of the same origin hands it over with its first
/// read, so a page view left by a navigation is still recorded as it ended, with the interaction that left it.
/// </remarks>
internal static class PageVitals
{
    /// <summary>The page's state lives on this non-enumerable property of window (top frame only).</summary>
    public const string StateProperty = "__sloadVitals";

    public const string Script = """
        (() => {
          if (window.top !== window || Object.prototype.hasOwnProperty.call(window, '__sloadVitals')) return;
          const s = { fcp: null, lcp: null, cls: 0, window: 0, windowStart: -1, last: -1, longest: 0,
                      counted: 0, doc: performance.timeOrigin + ':' + Math.random().toString(36).slice(2) };
          const observe = (type, options, each) => {
            try {
              new PerformanceObserver(list => list.getEntries().forEach(each)).observe(Object.assign({ type, buffered: true }, options));
            } catch (e) { }
          };
          observe('paint', {}, e => { if (e.name === 'first-contentful-paint' && s.fcp === null) s.fcp = e.startTime; });
          observe('largest-contentful-paint', {}, e => { s.lcp = e.startTime; });
          observe('layout-shift', {}, e => {
            if (e.hadRecentInput) return;
            if (s.windowStart >= 0 && e.startTime - s.last < 1000 && e.startTime - s.windowStart < 5000) s.window += e.value;
            else { s.window = e.value; s.windowStart = e.startTime; }
            s.last = e.startTime;
            if (s.window > s.cls) s.cls = s.window;
          });
          observe('event', { durationThreshold: 16 }, e => { if (e.interactionId) s.longest = Math.max(s.longest, e.duration); });
          observe('first-input', {}, e => { s.longest = Math.max(s.longest, e.duration); });
          const settle = () => new Promise(done => {
            const timer = setTimeout(done, 150);
            requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => { clearTimeout(timer); done(); }, 0)));
          });
          const current = () => {
            const nav = performance.getEntriesByType('navigation')[0];
            const count = typeof performance.interactionCount === 'number' ? performance.interactionCount : 0;
            const result = {
              doc: s.doc, url: location.href,
              ttfb: nav ? Math.max(nav.responseStart - (nav.activationStart || 0), 0) : null,
              fcp: s.fcp, lcp: s.lcp, cls: s.cls,
              interactions: count - s.counted, longest: s.longest
            };
            s.counted = count;
            s.longest = 0;
            return result;
          };
          let previous = null;
          try {
            previous = sessionStorage.getItem('__sloadVitals');
            sessionStorage.removeItem('__sloadVitals');
          } catch (e) { }
          addEventListener('pagehide', () => {
            try { sessionStorage.setItem('__sloadVitals', JSON.stringify(current())); } catch (e) { }
          }, { capture: true });
          const read = async (wait) => {
            if (wait) await settle();
            const result = current();
            result.previous = previous ? JSON.parse(previous) : null;
            previous = null;
            return JSON.stringify(result);
          };
          Object.defineProperty(window, '__sloadVitals', { value: { read }, enumerable: false });
        })();
        """;

    /// <summary>Reads the page's state; its argument says whether to let a frame render first (so late entries arrive).</summary>
    public const string ReadFunction = "wait => window.__sloadVitals ? window.__sloadVitals.read(wait) : null";

    /// <summary>The snapshot <see cref="ReadFunction"/> returned; null for null (a page without the script, such as an error page).</summary>
    public static PageSnapshot? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return Read(document.RootElement);
    }

    private static PageSnapshot Read(JsonElement root) =>
        new(
            root.GetProperty("doc").GetString() ?? "",
            root.GetProperty("url").GetString() ?? "",
            Number(root, "ttfb"),
            Number(root, "fcp"),
            Number(root, "lcp"),
            Number(root, "cls") ?? 0,
            (int)(Number(root, "interactions") ?? 0),
            Number(root, "longest") ?? 0)
        {
            Previous = root.TryGetProperty("previous", out var previous) && previous.ValueKind == JsonValueKind.Object ? Read(previous) : null,
        };

    private static double? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}

/// <summary>
/// What one read of a document's state found: its identity, URL, the vitals so far (milliseconds from the navigation's
/// start; null when not there yet), and the interactions since the previous read with the longest one's duration.
/// </summary>
internal sealed record PageSnapshot(
    string Document,
    string Url,
    double? TtfbMs,
    double? FcpMs,
    double? LcpMs,
    double Cls,
    int Interactions,
    double LongestInteractionMs)
{
    /// <summary>
    /// The final state of the document this one replaced in the same tab (stored as it was left), when the runner had
    /// not read it since: a click that navigates ends its document before a read after the step could see it.
    /// </summary>
    public PageSnapshot? Previous { get; init; }
}
