using System.Globalization;
using System.Text;
using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Reports;

/// <summary>The sections of report.html that appear only when they have something to say.</summary>
public static partial class ReportHtml
{
    /// <summary>With more than one scenario, or an arrival-rate scenario whose planned and dropped arrivals matter.</summary>
    private static void Scenarios(StringBuilder html, RunReport report)
    {
        var arrivals = report.Scenarios.Any(s => s.PlannedArrivals is not null);
        if (report.Scenarios.Count < 2 && !arrivals)
        {
            return;
        }

        var checks = report.Scenarios.Any(s => s.Checks > 0);
        var columns = new List<(string, bool)>
        {
            ("Scenario", false), ("Executor", false), ("Iterations", true), ("Requests", true), ("Failures", true), ("Req/s", true),
            ("p50 ms", true), ("p95 ms", true), ("p99 ms", true),
        };
        AddIf(columns, checks, ("Checks passed", true));
        AddIf(columns, arrivals, ("Planned arrivals", true));
        AddIf(columns, arrivals, ("Dropped arrivals", true));

        html.Append("<section>\n<h2>Scenarios</h2>\n");
        var table = new HtmlTable(html, [.. columns]);
        foreach (var scenario in report.Scenarios)
        {
            var cells = new List<string>
            {
                E(scenario.Name), E(scenario.Executor), Count(scenario.Iterations), Count(scenario.Requests), Count(scenario.Failures),
                Rps(scenario.Rps), Ms(scenario.LatencyMs.P50), Ms(scenario.LatencyMs.P95), Ms(scenario.LatencyMs.P99),
            };
            AddIf(cells, checks, ChecksText(scenario));
            AddIf(cells, arrivals, scenario.PlannedArrivals is { } planned ? Count(planned) : "");
            AddIf(cells, arrivals, scenario.PlannedArrivals is null ? "" : Dropped(scenario.DroppedArrivals));
            table.Row([.. cells]);
        }

        table.End();
        html.Append("</section>\n");
    }

    /// <summary>Only when the results hold more than one kind (http and websocket steps).</summary>
    private static void Kinds(StringBuilder html, RunReport report)
    {
        if (report.Kinds.Count < 2)
        {
            return;
        }

        html.Append("<section>\n<h2>By kind</h2>\n");
        var table = new HtmlTable(
            html, ("Kind", false), ("Count", true), ("Failures", true), ("Failure rate", true), ("Per second", true), ("p50 ms", true),
            ("p95 ms", true), ("p99 ms", true), ("p99.9 ms", true), ("Max ms", true));
        foreach (var kind in report.Kinds)
        {
            var latency = kind.LatencyMs;
            table.Row(
                E(kind.Kind), Count(kind.Requests), Count(kind.Failures), Percent(kind.FailureRate), Rps(kind.Rps), Ms(latency.P50),
                Ms(latency.P95), Ms(latency.P99), Ms(latency.P999), Ms(latency.Max));
        }

        table.End();
        html.Append("</section>\n");
    }

    private static void WebSockets(StringBuilder html, RunReport report)
    {
        var keys = report.Requests.Where(r => r.Kind is not (MetricKinds.Http or MetricKinds.Browser)).ToList();
        if (keys.Count == 0)
        {
            return;
        }

        html.Append("<section>\n<h2>WebSockets</h2>\n");
        var table = new HtmlTable(
            html, ("Measure", false), ("Kind", false), ("URL", false), ("Count", true), ("Failures", true), ("p50 ms", true),
            ("p95 ms", true), ("p99 ms", true), ("Max ms", true));
        foreach (var key in keys)
        {
            var latency = key.LatencyMs;
            table.Row(
                E(key.Name), E(key.Kind), "<span class=\"url\">" + E(key.Url ?? "") + "</span>", Count(key.Requests), Count(key.Failures),
                Ms(latency.P50), Ms(latency.P95), Ms(latency.P99), Ms(latency.Max));
        }

        table.End();
        html.Append("</section>\n");
    }

    /// <summary>Browser steps: duration and Web Vitals percentiles per step, then links to the screenshots of failed steps.</summary>
    private static void Browser(StringBuilder html, RunReport report)
    {
        var rows = BrowserRows.Of(report);
        if (rows.Count == 0)
        {
            return;
        }

        html.Append("<section>\n<h2>Browser steps</h2>\n");
        var table = new HtmlTable(
            html, ("Step", false), ("Measure", false), ("Count", true), ("Failures", true), ("p50", true), ("p75", true), ("p95", true),
            ("p99", true), ("Max", true));
        foreach (var row in rows)
        {
            string V(double value) => row.IsScore ? value.ToString("0.0000", CultureInfo.InvariantCulture) : Ms(value);
            table.Row(
                E(row.Step), E(row.Measure + (row.IsScore ? "" : " ms")), row.Count is { } count ? Count(count) : "",
                row.Failures is { } failures ? Count(failures) : "", V(row.Values.P50), V(row.Values.P75), V(row.Values.P95), V(row.Values.P99),
                V(row.Values.Max));
        }

        table.End();
        html.Append("<p class=\"muted\">").Append(E(BrowserRows.Note)).Append("</p>\n");
        var screenshots = BrowserRows.Screenshots(report);
        if (screenshots.Count > 0)
        {
            html.Append("<p>Screenshots of failed browser steps:</p>\n<ul class=\"screenshots\">\n");
            foreach (var (step, screenshot) in screenshots)
            {
                html.Append("<li>").Append(E(step)).Append(": <a href=\"").Append(E(screenshot)).Append("\">").Append(E(screenshot)).Append("</a></li>\n");
            }

            html.Append("</ul>\n");
        }

        html.Append("</section>\n");
    }

    /// <summary>Only for slices whose rows carry health readings.</summary>
    private static void Health(StringBuilder html, RunReport report)
    {
        var slices = report.Slices.Where(s => s.Health is not null).ToList();
        if (slices.Count == 0)
        {
            return;
        }

        html.Append("<section>\n<h2>Generator health</h2>\n");
        var browser = slices.Any(s => s.Health!.BrowserVusMax is not null);
        var columns = new List<(string, bool)>
        {
            ("Slice", true), ("Seconds", true), ("CPU max %", true), ("CPU mean %", true), ("Lag p99 max ms", true), ("Lag max ms", true),
            ("Memory max MB", true), ("GC pause ms", true), ("In flight max", true), ("Dropped arrivals", true),
        };
        AddIf(columns, browser, ("Browser VUs max", true));
        AddIf(columns, browser, ("Browser CPU max %", true));
        AddIf(columns, browser, ("Browser memory max MB", true));
        AddIf(columns, browser, ("Browser MB per VU", true));
        columns.Add(("Saturated", false));
        var table = new HtmlTable(html, [.. columns]);
        foreach (var slice in slices)
        {
            var health = slice.Health!;
            var flag = health.Saturated
                ? "<span class=\"badge fail\">" + E(ReportMarkdown.Saturation(health)) + "</span>"
                : E(ReportMarkdown.Saturation(health));
            var cells = new List<string>
            {
                Count(slice.Index), Count(health.Seconds), OneDecimal(health.CpuPercentMax), OneDecimal(health.CpuPercentMean),
                Ms(health.LagP99MsMax), Ms(health.LagMaxMs), OneDecimal(health.WorkingSetBytesMax / 1048576.0), Ms(health.GcPauseMs),
                Count(health.InFlightMax), Dropped(slice.DroppedArrivals),
            };
            AddIf(cells, browser, health.BrowserVusMax is { } vus ? Count(vus) : "");
            AddIf(cells, browser, health.BrowserCpuPercentMax is { } cpu ? OneDecimal(cpu) : "");
            AddIf(cells, browser, health.BrowserMemoryBytesMax is { } memory ? OneDecimal(memory / 1048576.0) : "");
            AddIf(cells, browser, health.BrowserMemoryBytesPerVu is { } perVu ? OneDecimal(perVu / 1048576.0) : "");
            cells.Add(flag);
            table.Row([.. cells]);
        }

        table.End();
        if (slices.Any(s => s.Health!.Saturated))
        {
            html.Append("<p class=\"muted\">A saturated generator (CPU above 90 % or timer lag p99 above 50 ms in more than 10 % of its seconds) measures its own delays: its latencies overstate the target's.</p>\n");
        }

        html.Append("</section>\n");
    }

    private static string Dropped(long count) =>
        count == 0 ? "0" : "<span class=\"badge warn\">" + Count(count) + "</span>";

    private static string ChecksText(IDetailedCounters counters) =>
        counters.ChecksRate is { } rate ? E($"{Percent(rate)} of {Count(counters.Checks)}") : "";

    private static string OptionalMs(double? value) => value is { } v ? Ms(v) : "";

    private static string OneDecimal(double value) => value.ToString("#,0.0", CultureInfo.InvariantCulture);

    private static void AddIf<T>(List<T> list, bool condition, T item)
    {
        if (condition)
        {
            list.Add(item);
        }
    }
}
