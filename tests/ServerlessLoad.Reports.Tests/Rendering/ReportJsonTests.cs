using System.Text.Json;
using static ServerlessLoad.Reports.Tests.TestData;

namespace ServerlessLoad.Reports.Tests.Rendering;

public class ReportJsonTests
{
    private static string KnownJson()
    {
        var (facts, rows) = KnownRun("failures.rate < 20%", "latency.p95 < 1ms");
        return ReportJson.Render(ReportBuilder.Build(facts, rows));
    }

    private static JsonElement At(JsonElement element, string path)
    {
        foreach (var part in path.Split('.'))
        {
            element = element.ValueKind == JsonValueKind.Array ? element[int.Parse(part)] : element.GetProperty(part);
        }

        return element;
    }

    [Theory]
    [InlineData("schemaVersion", "1")]
    [InlineData("runId", "run-1")]
    [InlineData("plan.name", "checkout")]
    [InlineData("plan.slices", "2")]
    [InlineData("verdict", "failed")]
    [InlineData("trigger", "api")]
    [InlineData("startedAt", "2026-01-02T03:04:05+00:00")]
    [InlineData("endedAt", "2026-01-02T03:04:07.5+00:00")]
    [InlineData("durationSeconds", "2.5")]
    [InlineData("measuredSeconds", "2")]
    [InlineData("totals.requests", "7")]
    [InlineData("totals.failures", "1")]
    [InlineData("totals.failureRate", "0.142857")]
    [InlineData("totals.rps", "3.5")]
    [InlineData("totals.bytesSent", "700")]
    [InlineData("totals.bytesReceived", "7000")]
    [InlineData("totals.latencyMs.min", "0.3")]
    [InlineData("totals.latencyMs.mean", "0.957")]
    [InlineData("totals.latencyMs.p50", "1")]
    [InlineData("totals.latencyMs.p75", "1.4")]
    [InlineData("totals.latencyMs.p90", "1.6")]
    [InlineData("totals.latencyMs.p95", "1.6")]
    [InlineData("totals.latencyMs.p99", "1.6")]
    [InlineData("totals.latencyMs.p999", "1.6")]
    [InlineData("totals.latencyMs.max", "1.6")]
    [InlineData("totals.statusCodes.200", "6")]
    [InlineData("totals.statusCodes.500", "1")]
    [InlineData("requests.0.name", "home")]
    [InlineData("requests.0.method", "GET")]
    [InlineData("requests.0.url", "http://127.0.0.1:8080/api/")]
    [InlineData("requests.0.requests", "4")]
    [InlineData("requests.0.failures", "1")]
    [InlineData("requests.0.failureRate", "0.25")]
    [InlineData("requests.0.rps", "2")]
    [InlineData("requests.0.latencyMs.p50", "1.2")]
    [InlineData("requests.0.latencyMs.p95", "1.6")]
    [InlineData("requests.0.statusCodes.200", "3")]
    [InlineData("requests.0.statusCodes.500", "1")]
    [InlineData("requests.0.failureCategories.0.category", "status")]
    [InlineData("requests.0.failureCategories.0.count", "1")]
    [InlineData("requests.1.name", "search")]
    [InlineData("requests.1.method", "POST")]
    [InlineData("requests.2.name", "zeta")]
    [InlineData("requests.2.rps", "0.5")]
    [InlineData("slices.0.index", "0")]
    [InlineData("slices.0.status", "completed")]
    [InlineData("slices.0.attempt", "1")]
    [InlineData("slices.0.requests", "5")]
    [InlineData("slices.1.attempt", "2")]
    [InlineData("slices.1.requests", "2")]
    [InlineData("slices.1.failures", "1")]
    [InlineData("thresholds.0.expression", "failures.rate < 20%")]
    [InlineData("thresholds.0.passed", "True")]
    [InlineData("thresholds.0.actual", "0.14285714285714285")]
    [InlineData("thresholds.1.expression", "latency.p95 < 1ms")]
    [InlineData("thresholds.1.passed", "False")]
    [InlineData("thresholds.1.actual", "1.6")]
    [InlineData("thresholds.1.unit", "ms")]
    [InlineData("thresholds.1.actualText", "1.60 ms")]
    [InlineData("perSecond.0.second", "0")]
    [InlineData("perSecond.0.requests", "4")]
    [InlineData("perSecond.0.failures", "1")]
    [InlineData("perSecond.0.rps", "4")]
    [InlineData("perSecond.0.p50Ms", "1.2")]
    [InlineData("perSecond.0.p95Ms", "1.6")]
    [InlineData("perSecond.0.p99Ms", "1.6")]
    [InlineData("perSecond.0.activeVus", "10")]
    [InlineData("perSecond.1.requests", "3")]
    [InlineData("failureCategories.0.category", "status")]
    [InlineData("failureCategories.0.count", "1")]
    [InlineData("failureCategories.0.samples.0", "HTTP 500 Internal Server Error")]
    public void Fields_have_the_documented_names_and_the_known_values(string path, string expected)
    {
        using var document = JsonDocument.Parse(KnownJson());

        var value = At(document.RootElement, path);

        (value.ValueKind == JsonValueKind.String ? value.GetString() : value.ToString()).ShouldBe(expected);
    }

    [Fact]
    public void Errors_and_thresholds_are_arrays_even_when_empty()
    {
        var json = ReportJson.Render(ReportBuilder.Build(Facts(Plan()), []));
        using var document = JsonDocument.Parse(json);

        document.RootElement.GetProperty("errors").GetArrayLength().ShouldBe(0);
        document.RootElement.GetProperty("thresholds").GetArrayLength().ShouldBe(0);
        document.RootElement.GetProperty("perSecond").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public void The_output_is_indented_and_keeps_comparison_operators_readable()
    {
        var json = KnownJson();

        json.ShouldStartWith("{\n  \"schemaVersion\": 1,\n  \"schemaMinorVersion\": 3,\n  \"runId\": \"run-1\",");
        json.ShouldContain("\"expression\": \"latency.p95 < 1ms\"");
    }

    [Fact]
    public void A_threshold_without_data_has_a_null_actual()
    {
        var (facts, rows) = KnownRun("checks.rate > 99%");
        using var document = JsonDocument.Parse(ReportJson.Render(ReportBuilder.Build(facts, rows)));

        var threshold = document.RootElement.GetProperty("thresholds")[0];

        threshold.GetProperty("actual").ValueKind.ShouldBe(JsonValueKind.Null);
        threshold.GetProperty("actualText").GetString().ShouldBe("no data");
        threshold.GetProperty("passed").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public void Parse_reads_back_what_render_wrote()
    {
        var (facts, rows) = KnownRun("failures.rate < 20%");
        var report = ReportBuilder.Build(facts, rows);

        var parsed = ReportJson.Parse(ReportJson.Render(report));

        ReportJson.Render(parsed).ShouldBe(ReportJson.Render(report));
        parsed.Verdict.ShouldBe(report.Verdict);
        parsed.Totals.LatencyMs.ShouldBe(report.Totals.LatencyMs);
        parsed.Requests[0].StatusCodes["500"].ShouldBe(1);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"schemaVersion\": 2}")]
    [InlineData("{\"schemaVersion\": 1, \"runId\": \"x\"}")]
    public void Parse_rejects_what_is_not_a_report(string json)
    {
        Should.Throw<FormatException>(() => ReportJson.Parse(json));
    }

    [Fact]
    public void The_summary_reads_verdict_totals_and_requests()
    {
        var summary = ReportJson.ReadSummary(KnownJson());

        summary.RunId.ShouldBe("run-1");
        summary.Verdict.ShouldBe("failed");
        summary.Requests.ShouldBe(7);
        summary.Failures.ShouldBe(1);
        summary.Rps.ShouldBe(3.5);
        (summary.P50Ms, summary.P95Ms, summary.P99Ms).ShouldBe((1.0, 1.6, 1.6));
        summary.PerRequest.Select(r => r.Name).ShouldBe(["home", "search", "zeta"]);
        summary.PerRequest[0].ShouldBe(new RequestSummary("home", 4, 1, 2, 1.2, 1.6, 1.6));
    }

    [Fact]
    public void The_summary_tolerates_unknown_and_missing_optional_fields()
    {
        var summary = ReportJson.ReadSummary("""{"verdict":"passed","future":{"x":1},"totals":{"requests":3,"failures":0}}""");

        summary.Verdict.ShouldBe("passed");
        summary.Requests.ShouldBe(3);
        summary.P99Ms.ShouldBe(0);
        summary.PerRequest.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"totals\":{\"requests\":1,\"failures\":0}}")]
    [InlineData("{\"verdict\":\"passed\"}")]
    public void The_summary_rejects_text_without_verdict_or_totals(string json)
    {
        Should.Throw<FormatException>(() => ReportJson.ReadSummary(json));
    }
}
