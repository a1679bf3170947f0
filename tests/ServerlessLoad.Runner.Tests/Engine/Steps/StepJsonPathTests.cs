using System.Text.Json;
using ServerlessLoad.Runner.Engine.Steps;

namespace ServerlessLoad.Runner.Tests.Engine.Steps;

public sealed class StepJsonPathTests
{
    private const string Document = "{\"a\":{\"b\":[10,{\"c\":\"x\"}],\"odd key\":true}}";

    [Theory]
    [InlineData("$", "{\"a\":{\"b\":[10,{\"c\":\"x\"}],\"odd key\":true}}")]
    [InlineData("$.a.b[0]", "10")]
    [InlineData("$.a.b[1].c", "\"x\"")]
    [InlineData("$.a.b[-1].c", "\"x\"")]
    [InlineData("$['a'][\"odd key\"]", "true")]
    public void A_path_leads_to_its_element(string path, string json)
    {
        using var document = JsonDocument.Parse(Document);

        StepJsonPath.TryParse(path, out var parsed, out var error).ShouldBeTrue(error);
        parsed.TryEvaluate(document.RootElement, out var value).ShouldBeTrue();

        value.GetRawText().ShouldBe(json);
    }

    [Theory]
    [InlineData("$.a.missing")]
    [InlineData("$.a.b[2]")]
    [InlineData("$.a.b.c")]
    [InlineData("$.a.b[0].c")]
    public void A_path_to_nothing_finds_nothing(string path)
    {
        using var document = JsonDocument.Parse(Document);

        StepJsonPath.Parse(path, "test").TryEvaluate(document.RootElement, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("a.b", "a JSON path starts with '$' (got 'a.b')")]
    [InlineData("$.", "empty name at character 2 of '$.'")]
    [InlineData("$.a[1", "'[' at character 4 of '$.a[1' is never closed")]
    [InlineData("$[x]", "'[x]' in '$[x]' is neither an index nor a quoted name")]
    public void A_malformed_path_is_rejected_with_the_reason(string path, string reason)
    {
        StepJsonPath.TryParse(path, out _, out var error).ShouldBeFalse();

        error.ShouldBe(reason);
    }
}
