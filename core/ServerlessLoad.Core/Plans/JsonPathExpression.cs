using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ServerlessLoad.Core.Plans;

/// <summary>
/// The JSON path subset checks and captures use: <c>$</c>, then any of <c>.name</c>, <c>['name']</c> (or double quotes,
/// with <c>\'</c>, <c>\"</c> and <c>\\</c> escapes) and <c>[index]</c> (negative counts from the end). Parsed once when
/// the plan is read; evaluation allocates nothing.
/// </summary>
public sealed class JsonPathExpression
{
    private const string Syntax = "a JSON path is $ followed by .name, ['name'] or [index], e.g. $.user.id or $.items[0]";

    private readonly Segment[] segments;

    private JsonPathExpression(string text, Segment[] segments)
    {
        Text = text;
        this.segments = segments;
    }

    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>; on bad syntax returns false with the reason.</summary>
    public static bool TryParse(string text, out JsonPathExpression expression, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        expression = new JsonPathExpression(text, []);
        error = null;
        if (!text.StartsWith('$'))
        {
            error = Syntax;
            return false;
        }

        var segments = new List<Segment>();
        var at = 1;
        while (at < text.Length)
        {
            var segment = text[at] switch
            {
                '.' => ReadDotted(text, ref at, out error),
                '[' => ReadBracketed(text, ref at, out error),
                _ => Fail($"unexpected '{text[at]}' at character {at + 1}: {Syntax}", out error),
            };
            if (segment is not { } parsed)
            {
                return false;
            }

            segments.Add(parsed);
        }

        expression = new JsonPathExpression(text, [.. segments]);
        return true;
    }

    /// <summary>Parses a path already validated by the plan reader.</summary>
    public static JsonPathExpression Parse(string text) =>
        TryParse(text, out var expression, out var error) ? expression : throw new FormatException(error);

    /// <summary>The element the path selects; false when a property or index along the way is missing.</summary>
    public bool TryEvaluate(JsonElement root, out JsonElement value)
    {
        value = root;
        foreach (var segment in segments)
        {
            if (segment.Name is { } name)
            {
                if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value))
                {
                    value = default;
                    return false;
                }

                continue;
            }

            if (value.ValueKind != JsonValueKind.Array)
            {
                value = default;
                return false;
            }

            var length = value.GetArrayLength();
            var index = segment.Index < 0 ? length + segment.Index : segment.Index;
            if (index < 0 || index >= length)
            {
                value = default;
                return false;
            }

            value = value[index];
        }

        return true;
    }

    /// <summary>
    /// Whether <paramref name="actual"/> equals the JSON value written as <paramref name="expectedJson"/> (how a
    /// check's expected value is stored): same type and value, so <c>42</c> does not equal <c>"42"</c>.
    /// </summary>
    public static bool ValueEquals(JsonElement actual, string expectedJson) => JsonElement.DeepEquals(actual, ParseValue(expectedJson));

    /// <summary>A check's expected value, parsed once (and detached from any document) so the hot path only compares.</summary>
    public static JsonElement ParseValue(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// A captured value as text: strings without their quotes, anything else as its JSON text (so a number captured
    /// from <c>{"id": 42}</c> renders as <c>42</c>).
    /// </summary>
    public static string ValueText(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    public override string ToString() => Text;

    private static Segment? ReadDotted(string text, ref int at, out string? error)
    {
        var start = at + 1;
        var end = start;
        while (end < text.Length && text[end] is not ('.' or '['))
        {
            end++;
        }

        if (end == start)
        {
            return Fail($"a property name is missing after '.' at character {at + 1}", out error);
        }

        error = null;
        at = end;
        return new Segment(text[start..end], 0);
    }

    private static Segment? ReadBracketed(string text, ref int at, out string? error)
    {
        var open = at;
        if (open + 1 < text.Length && text[open + 1] is '\'' or '"')
        {
            var quote = text[open + 1];
            var name = new StringBuilder();
            var i = open + 2;
            for (; i < text.Length && text[i] != quote; i++)
            {
                if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '\'' or '"' or '\\')
                {
                    i++;
                }

                name.Append(text[i]);
            }

            if (i + 1 >= text.Length || text[i + 1] != ']')
            {
                return Fail($"the quoted name at character {open + 1} is not closed with {quote}]", out error);
            }

            error = null;
            at = i + 2;
            return new Segment(name.ToString(), 0);
        }

        var close = text.IndexOf(']', open);
        if (close < 0)
        {
            return Fail($"'[' at character {open + 1} is never closed", out error);
        }

        var inside = text[(open + 1)..close];
        if (!int.TryParse(inside, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
        {
            return Fail($"'[{inside}]' is neither an index nor a quoted name: {Syntax}", out error);
        }

        error = null;
        at = close + 1;
        return new Segment(null, index);
    }

    private static Segment? Fail(string message, out string? error)
    {
        error = message;
        return null;
    }

    /// <param name="Name">The property name, or null for an array index.</param>
    /// <param name="Index">The array index (negative counts from the end).</param>
    private readonly record struct Segment(string? Name, int Index);
}
