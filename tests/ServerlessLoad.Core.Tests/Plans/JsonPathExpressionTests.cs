using System.Text.Json;
using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Core.Tests.Plans;

public class JsonPathExpressionTests
{
    private const string Document = """{"user": {"id": 42, "name": "ann", "tags": ["a", "b", "c"]}, "odd key.x": {"it's": true}, "n": null}""";

    [Theory]
    [InlineData("$", Document)]
    [InlineData("$.user.id", "42")]
    [InlineData("$.user.name", "\"ann\"")]
    [InlineData("$.user.tags[0]", "\"a\"")]
    [InlineData("$.user.tags[-1]", "\"c\"")]
    [InlineData("$['user']['tags'][1]", "\"b\"")]
    [InlineData("$[\"odd key.x\"]['it\\'s']", "true")]
    [InlineData("$.n", "null")]
    public void A_path_selects_the_element_it_names(string path, string expected)
    {
        using var document = JsonDocument.Parse(Document);

        JsonPathExpression.Parse(path).TryEvaluate(document.RootElement, out var value).ShouldBeTrue();

        JsonPathExpression.ValueEquals(value, expected).ShouldBeTrue(value.GetRawText());
    }

    [Theory]
    [InlineData("$.missing")]
    [InlineData("$.user.tags[3]")]
    [InlineData("$.user.tags[-4]")]
    [InlineData("$.user.id.more")]
    [InlineData("$.user[0]")]
    [InlineData("$.user.tags.length")]
    public void A_path_through_something_missing_selects_nothing(string path)
    {
        using var document = JsonDocument.Parse(Document);

        JsonPathExpression.Parse(path).TryEvaluate(document.RootElement, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("user.id", "a JSON path is $ followed by")]
    [InlineData("$.", "a property name is missing after '.' at character 2")]
    [InlineData("$.a[", "'[' at character 4 is never closed")]
    [InlineData("$.a[x]", "'[x]' is neither an index nor a quoted name")]
    [InlineData("$['a", "is not closed with ']")]
    [InlineData("$x", "unexpected 'x' at character 2")]
    public void Bad_syntax_is_reported_with_where_it_is(string path, string message)
    {
        JsonPathExpression.TryParse(path, out _, out var error).ShouldBeFalse();

        error.ShouldNotBeNull();
        error.ShouldContain(message);
    }

    [Theory]
    [InlineData("42", "42", true)]
    [InlineData("42", "42.0", true)]
    [InlineData("42", "\"42\"", false)]
    [InlineData("\"ann\"", "\"ann\"", true)]
    [InlineData("{\"a\": [1, true]}", "{\"a\":[1,true]}", true)]
    [InlineData("null", "false", false)]
    public void Values_equal_only_with_the_same_type_and_value(string actual, string expected, bool equal)
    {
        using var document = JsonDocument.Parse(actual);

        JsonPathExpression.ValueEquals(document.RootElement, expected).ShouldBe(equal);
    }

    [Fact]
    public void A_captured_string_is_its_text_and_anything_else_its_json()
    {
        using var document = JsonDocument.Parse("""{"s": "a\"b", "n": 1.5, "o": {"x": 1}}""");

        JsonPathExpression.ValueText(document.RootElement.GetProperty("s")).ShouldBe("a\"b");
        JsonPathExpression.ValueText(document.RootElement.GetProperty("n")).ShouldBe("1.5");
        JsonPathExpression.ValueText(document.RootElement.GetProperty("o")).ShouldBe("""{"x": 1}""");
    }
}
