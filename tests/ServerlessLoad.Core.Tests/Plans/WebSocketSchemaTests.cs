using System.Text.Json;
using ServerlessLoad.Core.Plans.Reading;

namespace ServerlessLoad.Core.Tests.Plans;

/// <summary>The schema's websocket step completes exactly what <see cref="WebSocketStepReader"/> reads.</summary>
public class WebSocketSchemaTests
{
    private static readonly Lazy<JsonDocument> Schema = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "schema", "plan.schema.json"))));

    private static JsonElement Definition(string name) => Schema.Value.RootElement.GetProperty("$defs").GetProperty(name);

    [Fact]
    public void The_step_names_the_fields_the_reader_reads_and_requires_the_same()
    {
        var step = Definition("websocketStep");

        Names(step.GetProperty("properties")).ShouldBe(WebSocketStepReader.FieldNames, ignoreOrder: true);
        step.GetProperty("required").EnumerateArray().Select(r => r.GetString()).ShouldBe(["name", "path", "actions"], ignoreOrder: true);
        step.GetProperty("properties").GetProperty("actions").GetProperty("items").GetProperty("$ref").GetString().ShouldBe("#/$defs/websocketAction");
    }

    [Fact]
    public void An_action_is_exactly_one_of_the_kinds_the_reader_knows()
    {
        var action = Definition("websocketAction");

        Names(action.GetProperty("properties")).ShouldBe(WebSocketActionReader.Kinds, ignoreOrder: true);
        action.GetProperty("minProperties").GetInt32().ShouldBe(1);
        action.GetProperty("maxProperties").GetInt32().ShouldBe(1);
    }

    [Fact]
    public void The_long_forms_of_send_and_expect_name_the_fields_the_reader_reads()
    {
        var properties = Definition("websocketAction").GetProperty("properties");

        Names(LongForm(properties.GetProperty("send"))).ShouldBe(WebSocketActionReader.SendFieldNames, ignoreOrder: true);
        Names(LongForm(properties.GetProperty("expect"))).ShouldBe(WebSocketActionReader.ExpectFieldNames, ignoreOrder: true);
    }

    private static JsonElement LongForm(JsonElement action) =>
        action.GetProperty("anyOf").EnumerateArray().Single(option => option.TryGetProperty("properties", out _)).GetProperty("properties");

    private static List<string> Names(JsonElement properties) => [.. properties.EnumerateObject().Select(p => p.Name)];

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
}
