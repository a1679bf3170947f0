using System.Globalization;
using System.Text;
using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Reports;

/// <summary>The sections of report.md that appear only when they have something to say.</summary>
public static partial class ReportMarkdown
{
    /// <summary>With more than one scenario, or an arrival-rate scenario whose planned and dropped arrivals matter.</summary>
    private static void Scenarios(StringBuilder md, RunReport report)
    {
        var arrivals = report.Scenarios.Any(s => s.PlannedArrivals is not null);
        if (report.Scenarios.Count < 2 && !arrivals)
        {
            return;
        }

        var checks = report.Scenarios.Any(s => s.Checks > 0);
        var columns = new List<(string, bool)>
        {
            ("Scenario", false), ("Executor", false), ("Iterations", true), ("Requests", true), ("Failures", true), ("Requests/s", true),
            ("p95 ms", true),
        };
        AddIf(columns, checks, ("Checks passed", true));
        AddIf(columns, arrivals, ("Planned arrivals", true));
        AddIf(columns, arrivals, ("Dropped arrivals", true));

        var table = new MarkdownTable([.. columns]);
        foreach (var scenario in report.Scenarios)
        {
            var cells = new List<string>
            {
                Text(scenario.Name), scenario.Executor, Count(scenario.Iterations), Count(scenario.Requests), Count(scenario.Failures),
                Rps(scenario.Rps), Ms(scenario.LatencyMs.P95),
            };
            AddIf(cells, checks, ChecksText(scenario));
            AddIf(cells, arrivals, scenario.PlannedArrivals is { } planned ? Count(planned) : "");
            AddIf(cells, arrivals, scenario.PlannedArrivals is null ? "" : Count(scenario.DroppedArrivals));
            table.Add([.. cells]);
        }

        Section(md, "Scenarios", table);
    }

    /// <summary>Only when the results hold more than one kind (http and websocket steps).</summary>
    private static void Kinds(StringBuilder md, RunReport report)
    {
        if (report.Kinds.Count < 2)
        {
            return;
        }

        var table = new MarkdownTable(
            ("Kind", false), ("Count", true), ("Failures", true), ("Failure rate", true), ("Per second", true), ("p50 ms", true),
            ("p95 ms", true), ("p99 ms", true), ("Max ms", true));
        foreach (var kind in report.Kinds)
        {
            table.Add(
                kind.Kind, Count(kind.Requests), Count(kind.Failures), Percent(kind.FailureRate), Rps(kind.Rps), Ms(kind.LatencyMs.P50),
                Ms(kind.LatencyMs.P95), Ms(kind.LatencyMs.P99), Ms(kind.LatencyMs.Max));
        }

        Section(md, "By kind", table);
    }

    private static void WebSockets(StringBuilder md, RunReport report)
    {
        var keys = report.Requests.Where(r => r.Kind is not (MetricKinds.Http or MetricKinds.Browser)).ToList();
        if (keys.Count == 0)
        {
            return;
        }

        var table = new MarkdownTable(
            ("Measure", false), ("Kind", false), ("URL", false), ("Count", true), ("Failures", true), ("p50 ms", true), ("p95 ms", true),
            ("p99 ms", true), ("Max ms", true));
        foreach (var key in keys)
        {
            table.Add(
                Text(key.Name), key.Kind, Text(key.Url ?? ""), Count(key.Requests), Count(key.Failures), Ms(key.LatencyMs.P50),
                Ms(key.LatencyMs.P95), Ms(key.LatencyMs.P99), Ms(key.LatencyMs.Max));
        }

        Section(md, "WebSockets", table);
    }

    /// <summary>Browser steps: duration and Web Vitals percentiles per step, then the screenshots of failed steps.</summary>
    private static void Browser(StringBuilder md, RunReport report)
    {
        var rows = BrowserRows.Of(report);
        if (rows.Count == 0)
        {
            return;
        }

        var table = new MarkdownTable(
            ("Step", false), ("Measure", false), ("Count", true), ("Failures", true), ("p50", true), ("p75", true), ("p95", true),
            ("p99", true), ("Max", true));
        foreach (var row in rows)
        {
            string V(double value) => row.IsScore ? Score(value) : Ms(value);
            table.Add(
                Text(row.Step), row.Measure + (row.IsScore ? "" : " ms"), row.Count is { } count ? Count(count) : "",
                row.Failures is { } failures ? Count(failures) : "", V(row.Values.P50), V(row.Values.P75), V(row.Values.P95), V(row.Values.P99),
                V(row.Values.Max));
        }

        Section(md, "Browser steps", table);
        md.Append(BrowserRows.Note).Append("\n\n");
        var screenshots = BrowserRows.Screenshots(report);
        if (screenshots.Count > 0)
        {
            md.Append("Screenshots of failed browser steps:\n\n");
            foreach (var (step, screenshot) in screenshots)
            {
                md.Append("- ").Append(Text(step)).Append(": [").Append(Text(screenshot)).Append("](").Append(screenshot).Append(")\n");
            }

            md.Append('\n');
        }
    }

    private static string Score(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    /// <summary>Only for slices whose rows carry health readings.</summary>
    private static void Health(StringBuilder md, RunReport report)
    {
        var slices = report.Slices.Where(s => s.Health is not null).ToList();
        if (slices.Count == 0)
        {
            return;
        }

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
        var table = new MarkdownTable([.. columns]);
        foreach (var slice in slices)
        {
            var health = slice.Health!;
            var cells = new List<string>
            {
                Count(slice.Index), Count(health.Seconds), OneDecimal(health.CpuPercentMax), OneDecimal(health.CpuPercentMean),
                Ms(health.LagP99MsMax), Ms(health.LagMaxMs), OneDecimal(health.WorkingSetBytesMax / 1048576.0), Ms(health.GcPauseMs),
                Count(health.InFlightMax), Count(slice.DroppedArrivals),
            };
            AddIf(cells, browser, health.BrowserVusMax is { } vus ? Count(vus) : "");
            AddIf(cells, browser, health.BrowserCpuPercentMax is { } cpu ? OneDecimal(cpu) : "");
            AddIf(cells, browser, health.BrowserMemoryBytesMax is { } memory ? OneDecimal(memory / 1048576.0) : "");
            AddIf(cells, browser, health.BrowserMemoryBytesPerVu is { } perVu ? OneDecimal(perVu / 1048576.0) : "");
            cells.Add(Saturation(health));
            table.Add([.. cells]);
        }

        Section(md, "Generator health", table);
        if (slices.Any(s => s.Health!.Saturated))
        {
            md.Append("A saturated generator (CPU above 90 % or timer lag p99 above 50 ms in more than 10 % of its seconds) measures its own delays: its latencies overstate the target's.\n\n");
        }
    }

    internal static string Saturation(SliceHealthReport health) =>
        health.Saturated
            ? $"SATURATED ({Count(health.SaturatedSeconds)} of {Count(health.Seconds)} s)"
            : health.SaturatedSeconds > 0 ? $"no ({Count(health.SaturatedSeconds)} s)" : "no";

    private static string ChecksText(IDetailedCounters counters) =>
        counters.ChecksRate is { } rate ? $"{Percent(rate)} of {Count(counters.Checks)}" : "";

    private static string OptionalMs(double? value) => value is { } v ? Ms(v) : "";

    private static string OneDecimal(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private static void AddIf<T>(List<T> list, bool condition, T item)
    {
        if (condition)
        {
            list.Add(item);
        }
    }
}
