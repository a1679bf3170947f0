using System.Text.Json;
using ServerlessLoad.Core.Plans.Reading;

namespace ServerlessLoad.Core.Tests.Plans;

/// <summary>schema/plan.schema.json is what editors complete plans from: it must parse and match the parser.</summary>
public class PlanSchemaTests
{
    private static readonly Lazy<JsonDocument> Schema = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "schema", "plan.schema.json"))));

    private static JsonElement Root => Schema.Value.RootElement;

    [Fact]
    public void The_schema_is_valid_json_declaring_draft_2020_12() =>
        Root.GetProperty("$schema").GetString().ShouldBe("https://json-schema.org/draft/2020-12/schema");

    [Fact]
    public void Every_object_with_fixed_fields_forbids_unknown_fields()
    {
        var objects = SchemasWithProperties(Root, "#").ToList();

        objects.Select(o => o.Path).ShouldBe(
            [
                "#", "#/$defs/scenario", "#/$defs/load", "#/$defs/stage", "#/$defs/request", "#/$defs/step", "#/$defs/httpStep",
                "#/$defs/check", "#/$defs/capture", "#/$defs/dataSource", "#/$defs/websocketStep", "#/$defs/websocketAction",
                "#/$defs/browserStep", "#/$defs/browserAction", "#/$defs/browserCapture",
            ],
            ignoreOrder: true);
        foreach (var (path, schema) in objects)
        {
            schema.TryGetProperty("additionalProperties", out var additional).ShouldBeTrue(path);
            additional.ValueKind.ShouldBe(JsonValueKind.False, path);
        }
    }

    [Fact]
    public void Every_property_has_a_description_for_editors()
    {
        foreach (var (path, schema) in SchemasWithProperties(Root, "#"))
        {
            foreach (var property in schema.GetProperty("properties").EnumerateObject())
            {
                property.Value.TryGetProperty("description", out var description).ShouldBeTrue($"{path}/{property.Name}");
                description.GetString().ShouldNotBeNullOrWhiteSpace();
            }
        }
    }

    [Fact]
    public void The_schema_names_exactly_the_fields_the_parser_reads()
    {
        PropertyNames(Root).ShouldBe(PlanReader.FieldNames, ignoreOrder: true);
        PropertyNames(Root.GetProperty("$defs").GetProperty("scenario")).ShouldBe(ScenarioReader.FieldNames, ignoreOrder: true);
        PropertyNames(Root.GetProperty("$defs").GetProperty("load")).ShouldBe(SharedLoadReader.FieldNames, ignoreOrder: true);
        PropertyNames(Root.GetProperty("$defs").GetProperty("request")).ShouldBe(RequestReader.FieldNames, ignoreOrder: true);
        PropertyNames(Root.GetProperty("$defs").GetProperty("stage")).ShouldBe(StagesReader.FieldNames, ignoreOrder: true);
        PropertyNames(Root.GetProperty("$defs").GetProperty("step")).ShouldBe(StepsReader.Kinds, ignoreOrder: true);
        PropertyNames(Root.GetProperty("$defs").GetProperty("httpStep")).ShouldBe(HttpStepReader.FieldNames, ignoreOrder: true);
        PropertyNames(Root.GetProperty("$defs").GetProperty("check")).ShouldBe(CheckReader.Kinds, ignoreOrder: true);
        PropertyNames(Root.GetProperty("$defs").GetProperty("capture")).ShouldBe(CaptureReader.Sources, ignoreOrder: true);
        PropertyNames(Root.GetProperty("$defs").GetProperty("dataSource")).ShouldBe(DataSourceReader.FieldNames, ignoreOrder: true);
    }

    [Fact]
    public void The_websocket_step_has_its_own_definition()
    {
        var step = Root.GetProperty("$defs").GetProperty("step").GetProperty("properties");

        step.GetProperty("websocket").GetProperty("$ref").GetString().ShouldBe("#/$defs/websocketStep");
        Root.GetProperty("$defs").GetProperty("websocketStep").GetProperty("type").GetString().ShouldBe("object");
    }

    [Theory]
    [MemberData(nameof(AllExecutors))]
    public void Each_executor_allows_and_requires_what_the_parser_does(string executor)
    {
        var rule = Root.GetProperty("$defs").GetProperty("scenario").GetProperty("allOf").EnumerateArray()
            .Single(r => r.GetProperty("if").GetProperty("properties").GetProperty("executor").GetProperty("const").GetString() == executor)
            .GetProperty("then");

        var required = rule.TryGetProperty("required", out var list) ? list.EnumerateArray().Select(r => r.GetString()!).ToList() : [];
        required.ShouldBe(LoadModelReader.FieldsOf(executor, requiredOnly: true), ignoreOrder: true);
        rule.GetProperty("propertyNames").GetProperty("enum").EnumerateArray().Select(n => n.GetString()!)
            .ShouldBe(ScenarioReader.CommonFieldNames.Concat(LoadModelReader.FieldsOf(executor)), ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(AllExecutors))]
    public void The_shared_load_allows_and_requires_for_each_executor_what_the_parser_does(string executor)
    {
        var rule = Root.GetProperty("$defs").GetProperty("load").GetProperty("allOf").EnumerateArray()
            .Single(r => r.GetProperty("if").GetProperty("properties").GetProperty("executor").GetProperty("const").GetString() == executor)
            .GetProperty("then");

        var required = rule.TryGetProperty("required", out var list) ? list.EnumerateArray().Select(r => r.GetString()!).ToList() : [];
        required.ShouldBe(LoadModelReader.FieldsOf(executor, requiredOnly: true), ignoreOrder: true);
        rule.GetProperty("propertyNames").GetProperty("enum").EnumerateArray().Select(n => n.GetString()!)
            .ShouldBe(LoadModelReader.FieldsOf(executor).Concat(["executor", "startTime", "gracefulStop"]), ignoreOrder: true);
    }

    [Fact]
    public void A_scenario_with_a_weight_may_set_none_of_the_load_fields()
    {
        var scenario = Root.GetProperty("$defs").GetProperty("scenario");

        scenario.GetProperty("dependentSchemas").GetProperty("weight").GetProperty("propertyNames").GetProperty("not").GetProperty("enum")
            .EnumerateArray().Select(n => n.GetString()!).ShouldBe(SharedLoadReader.FieldNames, ignoreOrder: true);
        scenario.GetProperty("properties").GetProperty("weight").GetProperty("maximum").GetInt32().ShouldBe(ScenarioReader.MaxWeight);
    }

    [Fact]
    public void The_schema_examples_are_plans_the_parser_accepts()
    {
        var examples = Root.GetProperty("examples").EnumerateArray().ToList();

        examples.ShouldNotBeEmpty();
        foreach (var example in examples)
        {
            var result = Core.Plans.PlanParser.Parse(example.GetRawText());
            result.Problems.ShouldBeEmpty(example.GetRawText());
            result.Plan!.Load.ShouldNotBeNull();
        }
    }

    public static TheoryData<string> AllExecutors() => [.. Core.Plans.Executors.All];

    [Fact]
    public void The_schema_requires_what_the_parser_requires()
    {
        Required(Root).ShouldBe(["name", "scenarios"], ignoreOrder: true);
        Required(Root.GetProperty("$defs").GetProperty("scenario")).ShouldBe(["name"]);
        Root.GetProperty("$defs").GetProperty("scenario").GetProperty("oneOf").EnumerateArray().Select(r => Required(r).Single())
            .ShouldBe(["requests", "steps"]);
        Required(Root.GetProperty("$defs").GetProperty("request")).ShouldBe(["path"]);
    }

    [Fact]
    public void Every_reference_points_at_a_definition()
    {
        var definitions = Root.GetProperty("$defs").EnumerateObject().Select(d => $"#/$defs/{d.Name}").ToHashSet();

        var references = References(Root).ToList();

        references.ShouldNotBeEmpty();
        references.ShouldAllBe(reference => definitions.Contains(reference));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ServerlessLoad.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"ServerlessLoad.sln not found above {AppContext.BaseDirectory}");
    }

    private static IEnumerable<(string Path, JsonElement Schema)> SchemasWithProperties(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        if (element.TryGetProperty("properties", out _))
        {
            yield return (path, element);
        }

        if (element.TryGetProperty("$defs", out var definitions))
        {
            foreach (var definition in definitions.EnumerateObject())
            {
                foreach (var found in SchemasWithProperties(definition.Value, $"{path}/$defs/{definition.Name}"))
                {
                    yield return found;
                }
            }
        }
    }

    private static IEnumerable<string> References(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "$ref")
                    {
                        yield return property.Value.GetString()!;
                    }

                    foreach (var reference in References(property.Value))
                    {
                        yield return reference;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var reference in References(item))
                    {
                        yield return reference;
                    }
                }

                break;
        }
    }

    private static List<string> PropertyNames(JsonElement schema) =>
        [.. schema.GetProperty("properties").EnumerateObject().Select(p => p.Name)];

    private static List<string> Required(JsonElement schema) =>
        [.. schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()!)];
}
