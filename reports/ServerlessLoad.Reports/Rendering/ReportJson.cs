using System.Text.Encodings.Web;
using System.Text.Json;

namespace ServerlessLoad.Reports;

/// <summary>report.json: the machine-readable report, described by schema/report.schema.json.</summary>
public static class ReportJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // The file is served as JSON, never inlined in HTML, so '<' in threshold expressions stays readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Render(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report, Options) + "\n";
    }

    /// <exception cref="FormatException">The text is not a report.json of a known schema version.</exception>
    public static RunReport Parse(string json)
    {
        try
        {
            var report = JsonSerializer.Deserialize<RunReport>(json, Options)
                ?? throw new FormatException("report.json is empty.");
            return report.SchemaVersion == RunReport.CurrentSchemaVersion
                ? report
                : throw new FormatException($"report.json has schema version {report.SchemaVersion}, expected {RunReport.CurrentSchemaVersion}.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"report.json is not valid: {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads only what a summary line needs (verdict, totals, per-request counts and percentiles), tolerating fields it
    /// does not know, so a CLI can summarize reports of newer minor versions.
    /// </summary>
    /// <exception cref="FormatException">The text is not JSON or lacks the verdict or totals.</exception>
    public static ReportSummary ReadSummary(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var totals = Required(root, "totals");
            var latency = Optional(totals, "latencyMs");
            return new ReportSummary(
                RunId: Optional(root, "runId")?.GetString() ?? "",
                Verdict: Required(root, "verdict").GetString() ?? throw new FormatException("report.json has a null verdict."),
                Requests: Required(totals, "requests").GetInt64(),
                Failures: Required(totals, "failures").GetInt64(),
                Rps: Number(totals, "rps"),
                P50Ms: Number(latency, "p50"),
                P95Ms: Number(latency, "p95"),
                P99Ms: Number(latency, "p99"),
                PerRequest: Optional(root, "requests") is { ValueKind: JsonValueKind.Array } requests
                    ? requests.EnumerateArray().Select(RequestSummary).ToList()
                    : []);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new FormatException($"report.json is not valid: {e.Message}", e);
        }
    }

    private static RequestSummary RequestSummary(JsonElement request)
    {
        var latency = Optional(request, "latencyMs");
        return new RequestSummary(
            Required(request, "name").GetString() ?? "",
            Required(request, "requests").GetInt64(),
            Optional(request, "failures")?.GetInt64() ?? 0,
            Number(request, "rps"),
            Number(latency, "p50"),
            Number(latency, "p95"),
            Number(latency, "p99"));
    }

    private static JsonElement Required(JsonElement element, string name) =>
        Optional(element, name) ?? throw new FormatException($"report.json lacks '{name}'.");

    private static JsonElement? Optional(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    private static double Number(JsonElement? element, string name) =>
        Optional(element, name) is { ValueKind: JsonValueKind.Number } value ? value.GetDouble() : 0;
}
