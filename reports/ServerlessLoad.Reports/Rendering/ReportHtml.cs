using System.Globalization;
using System.Text;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Reports.Charts;

namespace ServerlessLoad.Reports;

/// <summary>
/// report.html: one self-contained page (inline style sheet and inline SVG charts, no scripts, nothing fetched) that
/// opens offline and prints well. Verdict first, then summary, thresholds, charts, requests, slices, failures and
/// errors. Every text from the run is escaped; the charts are inserted as given, so they must come from
/// <see cref="ChartImage"/>.
/// </summary>
public static partial class ReportHtml
{
    public static string Render(RunReport report, IReadOnlyDictionary<string, string> svgCharts)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(svgCharts);

        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(report.Verdict.ToUpperInvariant())).Append(" · Load test report: ").Append(E(report.Plan.Name)).Append("</title>\n")
            .Append("<style>\n").Append(ReportHtmlStyle.Css).Append("\n</style>\n</head>\n<body>\n<main>\n");

        Banner(html, report);
        Summary(html, report);
        Thresholds(html, report);
        Charts(html, svgCharts);
        Scenarios(html, report);
        Kinds(html, report);
        Requests(html, report);
        WebSockets(html, report);
        Browser(html, report);
        Slices(html, report);
        Health(html, report);
        Failures(html, report);
        Errors(html, report);

        html.Append("<footer>ServerlessLoad load test report · run <code>").Append(E(report.RunId))
            .Append("</code> · report schema v").Append(Count(report.SchemaVersion)).Append('.').Append(Count(report.SchemaMinorVersion)).Append("</footer>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Banner(StringBuilder html, RunReport report)
    {
        var verdict = report.Verdict.ToLowerInvariant();
        var known = verdict is "passed" or "failed" or "errored" or "cancelled" ? verdict : "other";
        html.Append("<header class=\"banner verdict-").Append(known).Append("\" data-verdict=\"").Append(E(verdict)).Append("\">\n")
            .Append("<div class=\"verdict\">").Append(E(report.Verdict.ToUpperInvariant())).Append("</div>\n<div>\n")
            .Append("<h1>Load test report: ").Append(E(report.Plan.Name)).Append("</h1>\n")
            .Append("<p class=\"meta\">Run <code>").Append(E(report.RunId)).Append("</code> · started ").Append(Timestamp(report.StartedAt))
            .Append(" · ended ").Append(Timestamp(report.EndedAt)).Append(" · ").Append(Duration(report.DurationSeconds))
            .Append(" · ").Append(Count(report.Plan.Slices)).Append(report.Plan.Slices == 1 ? " slice" : " slices");
        if (!string.IsNullOrEmpty(report.Trigger))
        {
            html.Append(" · triggered by ").Append(E(report.Trigger));
        }

        html.Append("</p>\n</div>\n</header>\n");
        if (report.AbortedBy is { } abort)
        {
            html.Append("<p class=\"aborted\"><strong>Aborted at second ").Append(Count(abort.Second)).Append("</strong> by abortOnFail threshold <code>")
                .Append(E(abort.Threshold)).Append("</code>: ").Append(E(abort.Reason)).Append("</p>\n");
        }

        foreach (var notice in ReportNotices.For(report))
        {
            html.Append("<p class=\"notice\">").Append(E(notice)).Append("</p>\n");
        }
    }

    private static void Summary(StringBuilder html, RunReport report)
    {
        var totals = report.Totals;
        var latency = totals.LatencyMs;
        html.Append("<section>\n<h2>Summary</h2>\n<div class=\"cards\">\n");
        Card(html, "Requests", Count(totals.Requests), "", Rps(totals.Rps) + " per second");
        Card(html, "Failures", Count(totals.Failures), "", Percent(totals.FailureRate) + " of requests", bad: totals.Failures > 0);
        Card(html, "Throughput", Rps(totals.Rps), "req/s", "over " + Count(report.MeasuredSeconds) + " measured s");
        Card(html, "p50 latency", Ms(latency.P50), "ms", "mean " + Ms(latency.Mean) + " ms");
        Card(html, "p95 latency", Ms(latency.P95), "ms", "p90 " + Ms(latency.P90) + " ms");
        Card(html, "p99 latency", Ms(latency.P99), "ms", "p99.9 " + Ms(latency.P999) + " ms");
        Card(html, "Max latency", Ms(latency.Max), "ms", "min " + Ms(latency.Min) + " ms");
        if (totals.TtfbMs is { } ttfb)
        {
            Card(html, "p95 time to first byte", Ms(ttfb.P95), "ms", "p50 " + Ms(ttfb.P50) + " ms");
        }

        if (totals.ServiceTimeMs is { } service)
        {
            Card(html, "p95 service time", Ms(service.P95), "ms", "p50 " + Ms(service.P50) + " ms");
        }

        if (totals.ChecksRate is { } checks)
        {
            Card(html, "Checks passed", Percent(checks), "", Count(totals.ChecksFailed) + " of " + Count(totals.Checks) + " failed", bad: totals.ChecksFailed > 0);
        }

        if (report.Scenarios.Any(s => s.PlannedArrivals is not null) || totals.DroppedArrivals > 0)
        {
            var planned = report.Scenarios.Sum(s => s.PlannedArrivals ?? 0);
            Card(html, "Dropped arrivals", Count(totals.DroppedArrivals), "", "of " + Count(planned) + " planned", bad: totals.DroppedArrivals > 0);
        }

        Card(html, "Duration", Duration(report.DurationSeconds), "", "planned " + Duration(report.Plan.PlannedDurationSeconds));
        html.Append("</div>\n</section>\n");
    }

    private static void Card(StringBuilder html, string label, string value, string unit, string detail, bool bad = false)
    {
        html.Append("<div class=\"card").Append(bad ? " bad" : "").Append("\"><div class=\"label\">").Append(E(label))
            .Append("</div><div class=\"value\">").Append(E(value));
        if (unit.Length > 0)
        {
            html.Append("<span class=\"unit\">").Append(E(unit)).Append("</span>");
        }

        html.Append("</div><div class=\"detail\">").Append(E(detail)).Append("</div></div>\n");
    }

    private static void Thresholds(StringBuilder html, RunReport report)
    {
        html.Append("<section>\n<h2>Thresholds</h2>\n");
        if (report.Thresholds.Count == 0)
        {
            html.Append("<p class=\"muted\">The plan defines no thresholds.</p>\n</section>\n");
            return;
        }

        var table = new HtmlTable(html, ("Threshold", false), ("Actual", true), ("Result", false), ("Detail", false));
        foreach (var threshold in report.Thresholds)
        {
            table.Row(
                "<code>" + E(threshold.Source) + "</code>",
                E(threshold.ActualText),
                threshold.Passed ? "<span class=\"badge pass\">passed</span>" : "<span class=\"badge fail\">failed</span>",
                E(threshold.Message));
        }

        table.End();
        html.Append("</section>\n");
    }

    private static void Charts(StringBuilder html, IReadOnlyDictionary<string, string> svgCharts)
    {
        if (svgCharts.Count == 0)
        {
            return;
        }

        var order = ChartSet.DisplayOrder.Where(svgCharts.ContainsKey)
            .Concat(svgCharts.Keys.Where(k => !ChartSet.DisplayOrder.Contains(k)).Order(StringComparer.Ordinal));
        html.Append("<section>\n<h2>Charts</h2>\n<div class=\"charts\">\n");
        foreach (var name in order)
        {
            html.Append("<figure class=\"chart\" data-chart=\"").Append(E(name)).Append("\">\n")
                .Append(InlineSvg(svgCharts[name]))
                .Append("</figure>\n");
        }

        html.Append("</div>\n</section>\n");
    }

    /// <summary>HTTP requests (and names of unknown kind); websocket keys have their own table.</summary>
    private static void Requests(StringBuilder html, RunReport report)
    {
        var requests = report.Requests.Where(r => r.Kind == MetricKinds.Http).ToList();
        if (requests.Count == 0 && report.Requests.Count > 0)
        {
            return;
        }

        html.Append("<section>\n<h2>Requests</h2>\n");
        if (requests.Count == 0)
        {
            html.Append("<p class=\"muted\">No requests were recorded.</p>\n</section>\n");
            return;
        }

        var ttfb = requests.Any(r => r.TtfbMs is not null);
        var service = requests.Any(r => r.ServiceTimeMs is not null);
        var checks = requests.Any(r => r.Checks > 0);
        var columns = new List<(string, bool)>
        {
            ("Request", false), ("Method", false), ("URL", false), ("Requests", true), ("Failures", true), ("Failure rate", true),
            ("Req/s", true), ("p50 ms", true), ("p90 ms", true), ("p95 ms", true), ("p99 ms", true), ("Max ms", true),
        };
        AddIf(columns, ttfb, ("TTFB p95 ms", true));
        AddIf(columns, service, ("Service p95 ms", true));
        AddIf(columns, checks, ("Checks passed", true));
        columns.Add(("Status codes", false));

        var table = new HtmlTable(html, [.. columns]);
        foreach (var request in requests)
        {
            var latency = request.LatencyMs;
            var cells = new List<string>
            {
                E(request.Name), E(request.Method ?? ""), "<span class=\"url\">" + E(request.Url ?? "") + "</span>", Count(request.Requests),
                Count(request.Failures), Percent(request.FailureRate), Rps(request.Rps), Ms(latency.P50), Ms(latency.P90), Ms(latency.P95),
                Ms(latency.P99), Ms(latency.Max),
            };
            AddIf(cells, ttfb, OptionalMs(request.TtfbMs?.P95));
            AddIf(cells, service, OptionalMs(request.ServiceTimeMs?.P95));
            AddIf(cells, checks, ChecksText(request));
            cells.Add(E(string.Join(", ", request.StatusCodes.Select(kv => kv.Key + ": " + Count(kv.Value)))));
            table.Row([.. cells]);
        }

        table.End();
        html.Append("</section>\n");
    }

    private static void Slices(StringBuilder html, RunReport report)
    {
        if (report.Slices.Count == 0)
        {
            return;
        }

        html.Append("<section>\n<h2>Slices</h2>\n");
        var table = new HtmlTable(
            html, ("Slice", true), ("Status", false), ("Attempt", true), ("Requests", true), ("Failures", true), ("Reported requests", true), ("Error", false));
        foreach (var slice in report.Slices)
        {
            var status = slice.Status == "completed"
                ? "<span class=\"badge pass\">completed</span>"
                : "<span class=\"badge warn\">" + E(slice.Status) + "</span>";
            var reported = slice.ReportedRequests == slice.Requests
                ? Count(slice.ReportedRequests)
                : "<span class=\"badge warn\" title=\"differs from the rows\">" + Count(slice.ReportedRequests) + "</span>";
            table.Row(Count(slice.Index), status, Count(slice.Attempt), Count(slice.Requests), Count(slice.Failures), reported, E(slice.Error ?? ""));
        }

        table.End();
        html.Append("</section>\n");
    }

    private static void Failures(StringBuilder html, RunReport report)
    {
        html.Append("<section>\n<h2>Failures</h2>\n");
        if (report.FailureCategories.Count == 0)
        {
            html.Append("<p class=\"muted\">No request failed.</p>\n</section>\n");
            return;
        }

        var table = new HtmlTable(html, ("Category", false), ("Count", true), ("Samples", false));
        foreach (var category in report.FailureCategories)
        {
            var samples = category.Samples.Count == 0
                ? ""
                : "<ul class=\"samples\">" + string.Concat(category.Samples.Select(s => "<li>" + E(s) + "</li>")) + "</ul>";
            table.Row(E(category.Category), Count(category.Count), samples);
        }

        table.End();
        html.Append("</section>\n");
    }

    private static void Errors(StringBuilder html, RunReport report)
    {
        if (report.Errors.Count == 0)
        {
            return;
        }

        html.Append("<section>\n<h2>Errors</h2>\n<ul class=\"errors\">\n");
        foreach (var error in report.Errors)
        {
            html.Append("<li>").Append(E(error)).Append("</li>\n");
        }

        html.Append("</ul>\n</section>\n");
    }

    /// <summary>An SVG document as an element of the page: an XML declaration or doctype would be text in HTML.</summary>
    private static string InlineSvg(string svg)
    {
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        var markup = start < 0 ? E(svg) : svg[start..];
        return markup.EndsWith('\n') ? markup : markup + "\n";
    }

    private static string E(string? text) => Xml.Escape(text);

    private static string Timestamp(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Seconds with one decimal for short runs, then minutes and seconds, then hours and minutes.</summary>
    internal static string Duration(double seconds)
    {
        if (seconds < 120)
        {
            return seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
        }

        var whole = (long)Math.Round(seconds);
        return whole < 3 * 3600
            ? string.Create(CultureInfo.InvariantCulture, $"{whole / 60} min {whole % 60:00} s")
            : string.Create(CultureInfo.InvariantCulture, $"{whole / 3600} h {whole / 60 % 60:00} min");
    }

    private static string Count(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    private static string Ms(double value) => value.ToString("#,0.00", CultureInfo.InvariantCulture);

    private static string Rps(double value) => value.ToString("#,0.0", CultureInfo.InvariantCulture);

    private static string Percent(double fraction) => (fraction * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";
}
