using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Reports;

/// <summary>One line of a report's browser table: a step's duration or one of its Web Vitals.</summary>
/// <param name="Count">Steps measured, on the duration line only.</param>
/// <param name="IsScore">CLS: the values are scores, not milliseconds.</param>
internal sealed record BrowserRow(string Step, string Measure, long? Count, long? Failures, LatencySummary Values, bool IsScore);

/// <summary>The browser section of report.md and report.html, shaped once: every browser step, its duration then its vitals.</summary>
internal static class BrowserRows
{
    public static List<BrowserRow> Of(RunReport report) =>
        report.Requests
            .Where(r => r.Kind == MetricKinds.Browser)
            .SelectMany(step => new[] { new BrowserRow(step.Name, "duration", step.Requests, step.Failures, step.LatencyMs, IsScore: false) }
                .Concat((step.Vitals ?? new Dictionary<string, LatencySummary>())
                    .Select(v => new BrowserRow(step.Name, v.Key, null, null, v.Value, v.Key == BrowserVitals.Cls))))
            .ToList();

    /// <summary>Screenshots of failed browser steps, each with its step, in step order.</summary>
    public static List<(string Step, string Screenshot)> Screenshots(RunReport report) =>
        report.Requests
            .Where(r => r.Kind == MetricKinds.Browser)
            .SelectMany(r => (r.Screenshots ?? []).Select(s => (r.Name, s)))
            .ToList();

    public const string Note =
        "Web Vitals are measured in each page by Chromium's performance timeline (ms; CLS is a score); a step's vitals are those of the pages it loaded and, for INP, of its clicks and key presses. Web Vitals are usually judged at p75.";
}
