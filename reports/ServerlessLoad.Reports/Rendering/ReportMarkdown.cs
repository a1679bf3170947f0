using System.Globalization;
using System.Text;
using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Reports;

/// <summary>
/// report.md: a GitHub-flavoured summary for people and pull-request comments. Numbers use the invariant culture
/// without thousands separators (so they can be copied into tools): milliseconds with 2 decimals, rates per second
/// with 1, failure rates as percentages with 2, durations in seconds with 1.
/// </summary>
public static partial class ReportMarkdown
{
    public static string Render(RunReport report) => Render(report, [], null);

    /// <summary>With links to the chart images (relative paths such as charts/throughput.png) and the baseline section.</summary>
    public static string Render(RunReport report, IReadOnlyList<string> chartLinks, BaselineComparison? baseline)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.Append("**Verdict: ").Append(report.Verdict.ToUpperInvariant()).Append("**\n\n");
        md.Append("# Load test report: ").Append(Inline(report.Plan.Name)).Append("\n\n");
        md.Append("Run `").Append(report.RunId.Replace("`", "'", StringComparison.Ordinal)).Append("`, started ")
            .Append(Timestamp(report.StartedAt)).Append(", ended ").Append(Timestamp(report.EndedAt));
        if (!string.IsNullOrEmpty(report.Trigger))
        {
            md.Append(", triggered by ").Append(Inline(report.Trigger));
        }

        md.Append(".\n\n");
        if (report.AbortedBy is { } abort)
        {
            md.Append("**Aborted at second ").Append(abort.Second.ToString(CultureInfo.InvariantCulture)).Append("** by abortOnFail threshold ")
                .Append(Code(abort.Threshold)).Append(": ").Append(Text(abort.Reason)).Append("\n\n");
        }

        foreach (var notice in ReportNotices.For(report))
        {
            md.Append("> **Warning:** ").Append(Inline(notice)).Append("\n\n");
        }

        Summary(md, report);
        Thresholds(md, report);
        if (baseline is not null)
        {
            md.Append(BaselineMarkdown.Render(baseline).TrimEnd('\n')).Append("\n\n");
        }

        Charts(md, chartLinks);
        Scenarios(md, report);
        Kinds(md, report);
        Requests(md, report);
        WebSockets(md, report);
        Browser(md, report);
        Slices(md, report);
        Health(md, report);
        MissingSeconds(md, report);
        Failures(md, report);
        Errors(md, report);
        return md.ToString();
    }

    private static void Charts(StringBuilder md, IReadOnlyList<string> links)
    {
        if (links.Count == 0)
        {
            return;
        }

        md.Append("## Charts\n\n");
        foreach (var link in links)
        {
            var title = Path.GetFileNameWithoutExtension(link).Replace('-', ' ');
            md.Append("![").Append(title).Append("](").Append(link).Append(")\n\n");
        }
    }

    private static void Summary(StringBuilder md, RunReport report)
    {
        var totals = report.Totals;
        var table = new MarkdownTable(("Metric", false), ("Value", true));
        table.Add("Requests", Count(totals.Requests));
        table.Add("Failures", Count(totals.Failures));
        table.Add("Failure rate", Percent(totals.FailureRate));
        table.Add("Requests/s", Rps(totals.Rps));
        table.Add("p50 latency (ms)", Ms(totals.LatencyMs.P50));
        table.Add("p90 latency (ms)", Ms(totals.LatencyMs.P90));
        table.Add("p95 latency (ms)", Ms(totals.LatencyMs.P95));
        table.Add("p99 latency (ms)", Ms(totals.LatencyMs.P99));
        table.Add("Max latency (ms)", Ms(totals.LatencyMs.Max));
        table.Add("Duration (s)", Seconds(report.DurationSeconds));
        table.Add("Measured seconds", Count(report.MeasuredSeconds));
        if (totals.TtfbMs is { } ttfb)
        {
            table.Add("p95 time to first byte (ms)", Ms(ttfb.P95));
        }

        if (totals.ServiceTimeMs is { } service)
        {
            table.Add("p95 service time (ms)", Ms(service.P95));
        }

        if (totals.ChecksRate is { } checks)
        {
            table.Add("Checks passed", $"{Percent(checks)} of {Count(totals.Checks)}");
        }

        if (report.Scenarios.Any(s => s.PlannedArrivals is not null))
        {
            table.Add("Planned arrivals", Count(report.Scenarios.Sum(s => s.PlannedArrivals ?? 0)));
            table.Add("Dropped arrivals", Count(totals.DroppedArrivals));
        }
        else if (totals.DroppedArrivals > 0)
        {
            table.Add("Dropped arrivals", Count(totals.DroppedArrivals));
        }

        table.Add("Bytes sent", Count(totals.BytesSent));
        table.Add("Bytes received", Count(totals.BytesReceived));
        Section(md, "Summary", table);
    }

    private static void Thresholds(StringBuilder md, RunReport report)
    {
        if (report.Thresholds.Count == 0)
        {
            return;
        }

        var table = new MarkdownTable(("Threshold", false), ("Actual", true), ("Result", false), ("Detail", false));
        foreach (var threshold in report.Thresholds)
        {
            table.Add(Code(threshold.Source), threshold.ActualText, threshold.Passed ? "passed" : "FAILED", Text(threshold.Message));
        }

        Section(md, "Thresholds", table);
    }

    /// <summary>HTTP requests (and names of unknown kind); websocket keys have their own table.</summary>
    private static void Requests(StringBuilder md, RunReport report)
    {
        var requests = report.Requests.Where(r => r.Kind == MetricKinds.Http).ToList();
        if (requests.Count == 0)
        {
            return;
        }

        var ttfb = requests.Any(r => r.TtfbMs is not null);
        var service = requests.Any(r => r.ServiceTimeMs is not null);
        var checks = requests.Any(r => r.Checks > 0);
        var columns = new List<(string, bool)>
        {
            ("Request", false), ("Method", false), ("URL", false), ("Requests", true), ("Failures", true), ("Requests/s", true),
            ("p50 ms", true), ("p95 ms", true), ("p99 ms", true), ("Max ms", true),
        };
        AddIf(columns, ttfb, ("TTFB p95 ms", true));
        AddIf(columns, service, ("Service p95 ms", true));
        AddIf(columns, checks, ("Checks passed", true));
        columns.Add(("Status codes", false));

        var table = new MarkdownTable([.. columns]);
        foreach (var request in requests)
        {
            var cells = new List<string>
            {
                Text(request.Name), request.Method ?? "", Text(request.Url ?? ""), Count(request.Requests), Count(request.Failures),
                Rps(request.Rps), Ms(request.LatencyMs.P50), Ms(request.LatencyMs.P95), Ms(request.LatencyMs.P99), Ms(request.LatencyMs.Max),
            };
            AddIf(cells, ttfb, OptionalMs(request.TtfbMs?.P95));
            AddIf(cells, service, OptionalMs(request.ServiceTimeMs?.P95));
            AddIf(cells, checks, ChecksText(request));
            cells.Add(string.Join(", ", request.StatusCodes.Select(kv => $"{kv.Key}: {Count(kv.Value)}")));
            table.Add([.. cells]);
        }

        Section(md, "Requests", table);
    }

    private static void Slices(StringBuilder md, RunReport report)
    {
        if (report.Slices.Count == 0)
        {
            return;
        }

        var table = new MarkdownTable(("Slice", true), ("Status", false), ("Attempt", true), ("Requests", true), ("Error", false));
        foreach (var slice in report.Slices)
        {
            table.Add(Count(slice.Index), slice.Status, Count(slice.Attempt), Count(slice.Requests), Text(slice.Error ?? ""));
        }

        Section(md, "Slices", table);
    }

    private static void MissingSeconds(StringBuilder md, RunReport report)
    {
        if (report.Slices.All(s => s.MissingSeconds.Count == 0))
        {
            return;
        }

        var table = new MarkdownTable(("Slice", true), ("Seconds", false), ("Count", true), ("Why", false));
        foreach (var slice in report.Slices)
        {
            foreach (var span in slice.MissingSeconds)
            {
                table.Add(Count(slice.Index), span.From == span.To ? Count(span.From) : $"{Count(span.From)}-{Count(span.To)}", Count(span.Count), Text(span.Reason));
            }
        }

        Section(md, "Missing seconds", table);
    }

    private static void Failures(StringBuilder md, RunReport report)
    {
        if (report.FailureCategories.Count == 0)
        {
            return;
        }

        var table = new MarkdownTable(("Category", false), ("Count", true), ("Samples", false));
        foreach (var category in report.FailureCategories)
        {
            table.Add(Text(category.Category), Count(category.Count), Text(string.Join("; ", category.Samples)));
        }

        Section(md, "Top failures", table);
    }

    private static void Errors(StringBuilder md, RunReport report)
    {
        if (report.Errors.Count == 0)
        {
            return;
        }

        md.Append("## Errors\n\n");
        foreach (var error in report.Errors)
        {
            md.Append("- ").Append(Inline(error)).Append('\n');
        }

        md.Append('\n');
    }

    private static void Section(StringBuilder md, string title, MarkdownTable table)
    {
        md.Append("## ").Append(title).Append("\n\n");
        table.WriteTo(md);
        md.Append('\n');
    }

    /// <summary>Text outside tables: one line, so a name cannot start a heading or a list.</summary>
    private static string Inline(string text) => MarkdownTable.Escape(Text(text));

    /// <summary>Backslashes doubled so a name's backslash is shown, not taken as an escape.</summary>
    private static string Text(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal);

    private static string Code(string text) => "`" + text.Replace("`", "'", StringComparison.Ordinal) + "`";

    private static string Timestamp(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Ms(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Rps(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Seconds(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Percent(double fraction) => (fraction * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";
}
