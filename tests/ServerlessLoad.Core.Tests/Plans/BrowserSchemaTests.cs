using System.Text.Json;
using ServerlessLoad.Core.Plans.Reading;

namespace ServerlessLoad.Core.Tests.Plans;

/// <summary>The schema's browser step completes exactly what <see cref="BrowserStepReader"/> and its action readers read.</summary>
public class BrowserSchemaTests
{
    private static readonly Lazy<JsonDocument> Schema = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "schema", "plan.schema.json"))));

    private static JsonElement Definition(string name) => Schema.Value.RootElement.GetProperty("$defs").GetProperty(name);

    private static JsonElement Action(string kind) => Definition("browserAction").GetProperty("properties").GetProperty(kind);

    [Fact]
    public void The_step_names_the_fields_the_reader_reads_and_requires_the_same()
    {
        var step = Definition("browserStep");

        Names(step.GetProperty("properties")).ShouldBe(BrowserStepReader.FieldNames, ignoreOrder: true);
        step.GetProperty("required").EnumerateArray().Select(r => r.GetString()).ShouldBe(["name", "actions"], ignoreOrder: true);
        step.GetProperty("properties").GetProperty("actions").GetProperty("items").GetProperty("$ref").GetString().ShouldBe("#/$defs/browserAction");
        Definition("step").GetProperty("properties").GetProperty("browser").GetProperty("$ref").GetString().ShouldBe("#/$defs/browserStep");
    }

    [Fact]
    public void An_action_is_exactly_one_of_the_kinds_the_reader_knows()
    {
        var action = Definition("browserAction");

        Names(action.GetProperty("properties")).ShouldBe(BrowserActionReader.Kinds, ignoreOrder: true);
        action.GetProperty("minProperties").GetInt32().ShouldBe(1);
        action.GetProperty("maxProperties").GetInt32().ShouldBe(1);
    }

    [Fact]
    public void Waits_expects_and_captures_name_the_fields_and_values_the_readers_accept()
    {
        Names(Action("waitFor").GetProperty("properties")).ShouldBe([.. BrowserConditionReader.WaitKinds, "state", "timeout"], ignoreOrder: true);
        Enum(Action("waitFor").GetProperty("properties").GetProperty("state")).ShouldBe(BrowserConditionReader.ElementStates, ignoreOrder: true);
        Enum(Action("waitFor").GetProperty("properties").GetProperty("loadState")).ShouldBe(BrowserConditionReader.WaitLoadStates, ignoreOrder: true);
        Names(Action("expect").GetProperty("properties")).ShouldBe([.. BrowserConditionReader.ExpectKinds, "timeout"], ignoreOrder: true);
        Names(Definition("browserCapture").GetProperty("properties")).ShouldBe(BrowserConditionReader.CaptureFieldNames, ignoreOrder: true);
        Names(Action("fill").GetProperty("properties")).ShouldBe(["selector", "value", "timeout"], ignoreOrder: true);
        Names(Action("press").GetProperty("properties")).ShouldBe(["selector", "key", "timeout"], ignoreOrder: true);
    }

    [Fact]
    public void The_long_form_of_goto_names_the_fields_the_reader_reads()
    {
        var longForm = Action("goto").GetProperty("anyOf").EnumerateArray().Single(o => o.TryGetProperty("properties", out _)).GetProperty("properties");

        Names(longForm).ShouldBe(["path", "waitUntil", "timeout"], ignoreOrder: true);
        Enum(longForm.GetProperty("waitUntil")).ShouldBe(BrowserActionReader.LoadStates, ignoreOrder: true);
    }

    private static List<string> Names(JsonElement properties) => [.. properties.EnumerateObject().Select(p => p.Name)];

    private static List<string> Enum(JsonElement schema) => [.. schema.GetProperty("enum").EnumerateArray().Select(v => v.GetString()!)];

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
