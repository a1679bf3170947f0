using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace ServerlessLoad.Cli.Output;

/// <summary>Prints the verdict, a per-request table, the thresholds and the run's errors from a report.json.</summary>
internal static class SummaryTable
{
    public static void Print(IAnsiConsole console, string reportJson)
    {
        using var doc = JsonDocument.Parse(reportJson);
        var root = doc.RootElement;
        var verdict = root.GetProperty("verdict").GetString() ?? "?";
        var colour = verdict switch { "passed" => "green", "failed" => "red", _ => "yellow" };
        console.MarkupLine($"[bold {colour}]Verdict: {Markup.Escape(verdict.ToUpperInvariant())}[/]  run {Markup.Escape(root.GetProperty("runId").GetString() ?? string.Empty)}, {Number(root, "durationSeconds", "0.0")} s");

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "request", "requests", "failures", "rps", "p50 ms", "p90 ms", "p95 ms", "p99 ms", "max ms", "status codes" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        table.Columns[0].LeftAligned();
        table.Columns[^1].LeftAligned();
        foreach (var request in root.GetProperty("requests").EnumerateArray())
        {
            table.AddRow(Row(request.GetProperty("name").GetString() ?? string.Empty, request));
        }

        table.AddRow(Row("[bold]total[/]", root.GetProperty("totals"), markup: true));
        console.Write(table);
        PrintVitals(console, root);

        if (root.TryGetProperty("thresholds", out var thresholds) && thresholds.ValueKind == JsonValueKind.Array)
        {
            foreach (var t in thresholds.EnumerateArray())
            {
                var passed = t.TryGetProperty("passed", out var p) && p.ValueKind == JsonValueKind.True;
                var actual = t.TryGetProperty("actual", out var a) ? a.ToString() : string.Empty;
                console.MarkupLine($"  {(passed ? "[green]pass[/]" : "[red]FAIL[/]")}  {Markup.Escape(t.GetProperty("expression").GetString() ?? string.Empty)}  [grey](actual {Markup.Escape(actual)})[/]");
            }
        }

        // Why a run errored (lost slices, poison messages, no load generated) belongs beside its verdict.
        if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
        {
            foreach (var error in errors.EnumerateArray())
            {
                console.MarkupLine($"[red]Error:[/] {Markup.Escape(error.GetString() ?? string.Empty)}");
            }
        }

        // Missing load within the tolerance does not change the verdict, but a reader of the summary must see it.
        if (root.TryGetProperty("warnings", out var warnings) && warnings.ValueKind == JsonValueKind.Array)
        {
            foreach (var warning in warnings.EnumerateArray())
            {
                console.MarkupLine($"[yellow]Warning:[/] {Markup.Escape(warning.GetString() ?? string.Empty)}");
            }
        }
    }

    /// <summary>Browser steps' Web Vitals, one line per step and measure (ms; CLS as its score).</summary>
    private static void PrintVitals(IAnsiConsole console, JsonElement root)
    {
        var steps = root.GetProperty("requests").EnumerateArray()
            .Where(r => r.TryGetProperty("vitals", out var v) && v.ValueKind == JsonValueKind.Object && v.EnumerateObject().Any())
            .ToList();
        if (steps.Count == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title("Web Vitals of browser steps");
        foreach (var column in new[] { "step", "measure", "p50", "p75", "p95", "p99", "max" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        table.Columns[0].LeftAligned();
        table.Columns[1].LeftAligned();
        foreach (var step in steps)
        {
            var name = Markup.Escape(step.GetProperty("name").GetString() ?? string.Empty);
            foreach (var vital in step.GetProperty("vitals").EnumerateObject())
            {
                var format = vital.Name == "cls" ? "0.0000" : "0.00";
                table.AddRow(
                    name, Markup.Escape(vital.Name == "cls" ? vital.Name : vital.Name + " ms"), Number(vital.Value, "p50", format), Number(vital.Value, "p75", format),
                    Number(vital.Value, "p95", format), Number(vital.Value, "p99", format), Number(vital.Value, "max", format));
            }
        }

        console.Write(table);
    }

    private static string[] Row(string name, JsonElement e, bool markup = false)
    {
        var latency = e.GetProperty("latencyMs");
        var codes = e.TryGetProperty("statusCodes", out var s) && s.ValueKind == JsonValueKind.Object
            ? string.Join(" ", s.EnumerateObject().Select(c => $"{c.Name}:{c.Value}"))
            : string.Empty;
        return
        [
            markup ? name : Markup.Escape(name),
            Number(e, "requests", "0"),
            Number(e, "failures", "0"),
            Number(e, "rps", "0.0"),
            Number(latency, "p50", "0.00"),
            Number(latency, "p90", "0.00"),
            Number(latency, "p95", "0.00"),
            Number(latency, "p99", "0.00"),
            Number(latency, "max", "0.00"),
            Markup.Escape(codes),
        ];
    }

    private static string Number(JsonElement e, string property, string format) =>
        e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.Number
            ? v.GetDouble().ToString(format, CultureInfo.InvariantCulture)
            : "-";
}
