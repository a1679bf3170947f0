using System.Globalization;
using System.Text.Json;

namespace ServerlessLoad.Runner.Engine.Steps;

/// <summary>
/// The JSON paths checks and captures use: <c>$</c>, then <c>.name</c>, <c>['name']</c> and <c>[index]</c> segments
/// (a negative index counts from the end). Kept to what a step needs; parsed once per scenario run.
/// </summary>
internal sealed class StepJsonPath
{
    private readonly Segment[] segments;

    private StepJsonPath(string text, Segment[] segments)
    {
        Text = text;
        this.segments = segments;
    }

    public string Text { get; }

    public static bool TryParse(string text, out StepJsonPath path, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        path = null!;
        error = null;
        var segments = new List<Segment>();
        var at = 0;
        if (text.StartsWith('$'))
        {
            at = 1;
        }
        else
        {
            error = $"a JSON path starts with '$' (got '{text}')";
            return false;
        }

        while (at < text.Length)
        {
            if (text[at] == '.')
            {
                var end = at + 1;
                while (end < text.Length && text[end] is not '.' and not '[')
                {
                    end++;
                }

                if (end == at + 1)
                {
                    error = $"empty name at character {at + 1} of '{text}'";
                    return false;
                }

                segments.Add(new Segment(text[(at + 1)..end], 0));
                at = end;
            }
            else if (text[at] == '[')
            {
                var close = text.IndexOf(']', at);
                if (close < 0)
                {
                    error = $"'[' at character {at + 1} of '{text}' is never closed";
                    return false;
                }

                var inside = text[(at + 1)..close].Trim();
                if (inside.Length >= 2 && inside[0] is '\'' or '"' && inside[^1] == inside[0])
                {
                    segments.Add(new Segment(inside[1..^1], 0));
                }
                else if (int.TryParse(inside, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
                {
                    segments.Add(new Segment(null, index));
                }
                else
                {
                    error = $"'[{inside}]' in '{text}' is neither an index nor a quoted name";
                    return false;
                }

                at = close + 1;
            }
            else
            {
                error = $"unexpected '{text[at]}' at character {at + 1} of '{text}'";
                return false;
            }
        }

        path = new StepJsonPath(text, [.. segments]);
        return true;
    }

    public static StepJsonPath Parse(string text, string where) =>
        TryParse(text, out var path, out var error) ? path : throw new ArgumentException($"{where}: {error}");

    /// <summary>The element the path leads to in <paramref name="root"/>; false when a segment is missing.</summary>
    public bool TryEvaluate(JsonElement root, out JsonElement value)
    {
        value = root;
        foreach (var segment in segments)
        {
            if (segment.Name is { } name)
            {
                if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value))
                {
                    return false;
                }
            }
            else
            {
                if (value.ValueKind != JsonValueKind.Array)
                {
                    return false;
                }

                var length = value.GetArrayLength();
                var index = segment.Index < 0 ? length + segment.Index : segment.Index;
                if (index < 0 || index >= length)
                {
                    return false;
                }

                value = value[index];
            }
        }

        return true;
    }

    public override string ToString() => Text;

    private readonly record struct Segment(string? Name, int Index);
}
