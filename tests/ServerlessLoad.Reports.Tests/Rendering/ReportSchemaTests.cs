using System.Text.Json;
using System.Text.Json.Nodes;
using NJsonSchema;
using ServerlessLoad.Core.Runs;
using static ServerlessLoad.Reports.Tests.TestData;

namespace ServerlessLoad.Reports.Tests.Rendering;

/// <summary>schema/report.schema.json describes what <see cref="ReportJson"/> writes.</summary>
public class ReportSchemaTests
{
    private static readonly string SchemaText = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "report.schema.json"));

    private static async Task<ICollection<NJsonSchema.Validation.ValidationError>> Validate(string json)
    {
        var schema = await JsonSchema.FromJsonAsync(SchemaText);
        return schema.Validate(json);
    }

    [Fact]
    public async Task The_known_report_is_valid()
    {
        var (facts, rows) = KnownRun("failures.rate < 20%", "checks.rate > 99%", "latency.p95 < 1ms over 2s");

        var errors = await Validate(ReportJson.Render(ReportBuilder.Build(facts, rows)));

        errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_report_of_a_run_that_measured_nothing_is_valid()
    {
        var facts = Facts(null, new SliceFacts(0, SliceStatus.Lost, 3, 0, 0, "lease expired")) with
        {
            Trigger = null,
            Errors = ["plan missing"],
        };

        var errors = await Validate(ReportJson.Render(ReportBuilder.Build(facts, [])));

        errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_report_with_missing_seconds_is_valid()
    {
        var rows = new[] { Row(0, 0, ("home", Ok(1000))), Row(0, 5, 2, 1, ("home", Ok(1000))) };
        var facts = Facts(Plan(), Completed(0, attempt: 2)) with { EndedAt = Start.AddSeconds(6.5) };

        var json = ReportJson.Render(ReportBuilder.Build(facts, rows));
        var errors = await Validate(json);

        json.ShouldContain("missingSeconds");
        errors.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("verdict")]
    [InlineData("totals")]
    [InlineData("requests")]
    [InlineData("slices")]
    [InlineData("startedAt")]
    public async Task A_report_without_a_required_field_is_invalid(string field)
    {
        var (facts, rows) = KnownRun();
        var node = JsonNode.Parse(ReportJson.Render(ReportBuilder.Build(facts, rows)))!.AsObject();
        node.Remove(field);

        var errors = await Validate(node.ToJsonString());

        errors.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task An_unknown_verdict_is_invalid()
    {
        var (facts, rows) = KnownRun();
        var node = JsonNode.Parse(ReportJson.Render(ReportBuilder.Build(facts, rows)))!.AsObject();
        node["verdict"] = "maybe";

        (await Validate(node.ToJsonString())).ShouldNotBeEmpty();
    }

    [Fact]
    public void The_schema_requires_exactly_the_documented_top_level_fields()
    {
        using var schema = JsonDocument.Parse(SchemaText);

        schema.RootElement.GetProperty("required").EnumerateArray().Select(e => e.GetString()).ShouldBe(
            ["schemaVersion", "runId", "plan", "verdict", "startedAt", "endedAt", "durationSeconds", "totals", "requests", "slices"],
            ignoreOrder: true);
    }

    [Fact]
    public async Task A_report_with_every_measure_is_valid()
    {
        var json = ReportJson.Render(FullRunData.Report("checks.rate > 99%", "websocket.connect.p95 < 1s"));

        var errors = await Validate(json);

        json.ShouldContain("\"health\"");
        json.ShouldContain("\"plannedArrivals\"");
        errors.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("kinds", "kind", "ftp")]
    [InlineData("requests", "kind", "grpc")]
    public async Task An_unknown_kind_is_invalid(string array, string field, string value)
    {
        var node = JsonNode.Parse(ReportJson.Render(FullRunData.Report()))!.AsObject();
        node[array]![0]![field] = value;

        (await Validate(node.ToJsonString())).ShouldNotBeEmpty();
    }

    [Fact]
    public void Every_field_the_renderer_writes_is_described_by_the_schema()
    {
        var (facts, rows) = KnownRun("failures.rate < 20%");
        using var known = JsonDocument.Parse(ReportJson.Render(ReportBuilder.Build(facts with { Errors = ["x"] }, rows)));
        using var full = JsonDocument.Parse(ReportJson.Render(FullRunData.Report()));
        var (fullFacts, fullRows) = FullRunData.Run();
        using var gapped = JsonDocument.Parse(ReportJson.Render(ReportBuilder.Build(fullFacts with { EndedAt = fullFacts.EndedAt.AddSeconds(1) }, fullRows)));
        using var schema = JsonDocument.Parse(SchemaText);
        var root = schema.RootElement;
        var definitions = root.GetProperty("definitions");
        var counters = Described(definitions.GetProperty("counters"));
        var report = full.RootElement;

        Described(root).ShouldBe(Names(report).Append("missingLoad"), ignoreOrder: true);
        Described(root.GetProperty("properties").GetProperty("missingLoad")).ShouldBe(Names(gapped.RootElement.GetProperty("missingLoad")), ignoreOrder: true);
        Described(root.GetProperty("properties").GetProperty("plan")).ShouldBe(Names(report.GetProperty("plan")), ignoreOrder: true);
        counters.Concat(Described(root.GetProperty("properties").GetProperty("totals"))).ShouldBe(Names(report.GetProperty("totals")), ignoreOrder: true);
        Described(definitions.GetProperty("latency")).ShouldBe(Names(report.GetProperty("totals").GetProperty("latencyMs")), ignoreOrder: true);
        // Browser steps' fields are checked on a browser run's report (BrowserReportTests).
        counters.Concat(Described(ItemsOf(root, "requests")).Except(BrowserFields)).ShouldBe(Names(report.GetProperty("requests")[1]), ignoreOrder: true);
        counters.Concat(Described(ItemsOf(root, "scenarios")).Except(BrowserFields)).ShouldBe(Names(report.GetProperty("scenarios")[1]), ignoreOrder: true);
        counters.Concat(Described(ItemsOf(root, "kinds")).Except(BrowserFields)).ShouldBe(Names(report.GetProperty("kinds")[0]), ignoreOrder: true);
        Described(ItemsOf(root, "slices")).Except(["missingSeconds"]).ShouldBe(Names(report.GetProperty("slices")[0]).Except(["missingSeconds"]), ignoreOrder: true);
        Described(ItemsOf(root, "slices").GetProperty("properties").GetProperty("health")).Where(n => !n.StartsWith("browser", StringComparison.Ordinal))
            .ShouldBe(Names(report.GetProperty("slices")[0].GetProperty("health")), ignoreOrder: true);
        Described(ItemsOf(root, "perSecond")).ShouldBe(Names(report.GetProperty("perSecond")[1]), ignoreOrder: true);
        Described(ItemsOf(root, "thresholds")).ShouldBe(Names(known.RootElement.GetProperty("thresholds")[0]), ignoreOrder: true);
        Described(definitions.GetProperty("failureCategory")).ShouldBe(Names(known.RootElement.GetProperty("failureCategories")[0]), ignoreOrder: true);
    }

    private static readonly string[] BrowserFields = ["vitals", "screenshots"];

    private static JsonElement ItemsOf(JsonElement root, string property) =>
        root.GetProperty("properties").GetProperty(property).GetProperty("items");

    private static List<string> Described(JsonElement schema) =>
        schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();

    private static List<string> Names(JsonElement value) => value.EnumerateObject().Select(p => p.Name).ToList();
}
