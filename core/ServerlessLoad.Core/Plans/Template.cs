using System.Globalization;
using System.Text;

namespace ServerlessLoad.Core.Plans;

/// <summary>
/// A string of a plan with <c>{{...}}</c> placeholders: <c>{{vu}}</c> (the VU's number in its scenario, from 1, unique
/// across the run's slices), <c>{{iteration}}</c> (the VU's iteration, from 0), <c>{{uuid}}</c>, <c>{{randomInt a b}}</c>
/// (inclusive), <c>{{name}}</c> (a variable captured by an earlier step) and <c>{{source.column}}</c> (a data source's
/// column). Parsed once when the plan is read; the engine renders the parts per iteration, percent-encoding variable and
/// data values in query strings and form bodies and JSON-escaping them in JSON bodies.
/// </summary>
public sealed class Template
{
    private Template(string text, IReadOnlyList<TemplatePart> parts)
    {
        Text = text;
        Parts = parts;
    }

    public string Text { get; }

    public IReadOnlyList<TemplatePart> Parts { get; }

    /// <summary>True when there are no placeholders: the text can be sent as it is.</summary>
    public bool IsConstant => Parts.All(p => p.Kind == TemplatePartKind.Literal);

    /// <summary>Names of captured variables the template reads.</summary>
    public IEnumerable<string> Variables => Parts.Where(p => p.Kind == TemplatePartKind.Variable).Select(p => p.Name);

    /// <summary>(source, column) pairs the template reads.</summary>
    public IEnumerable<(string Source, string Column)> DataColumns =>
        Parts.Where(p => p.Kind == TemplatePartKind.Data).Select(p => (p.Name, p.Column!));

    /// <summary>Parses <paramref name="text"/>; on a malformed placeholder returns false with the reason.</summary>
    public static bool TryParse(string text, out Template template, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<TemplatePart>();
        var literal = new StringBuilder();
        var at = 0;
        error = null;
        template = new Template(text, parts);
        while (at < text.Length)
        {
            var open = text.IndexOf("{{", at, StringComparison.Ordinal);
            if (open < 0)
            {
                literal.Append(text, at, text.Length - at);
                break;
            }

            literal.Append(text, at, open - at);
            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"'{{{{' at character {open + 1} is never closed with '}}}}'";
                return false;
            }

            if (ParsePlaceholder(text[(open + 2)..close].Trim(), out var part, out error) is false)
            {
                error = $"{error} (in '{{{{{text[(open + 2)..close]}}}}}')";
                return false;
            }

            if (literal.Length > 0)
            {
                parts.Add(TemplatePart.Literal(literal.ToString()));
                literal.Clear();
            }

            parts.Add(part);
            at = close + 2;
        }

        if (literal.Length > 0)
        {
            parts.Add(TemplatePart.Literal(literal.ToString()));
        }

        return true;
    }

    /// <summary>Parses text already validated by the plan reader.</summary>
    public static Template Parse(string text) =>
        TryParse(text, out var template, out var error) ? template : throw new FormatException(error);

    public override string ToString() => Text;

    private static bool ParsePlaceholder(string body, out TemplatePart part, out string? error)
    {
        part = default;
        error = null;
        var words = body.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            error = "empty placeholder";
            return false;
        }

        switch (words[0])
        {
            case "vu" when words.Length == 1:
                part = new TemplatePart(TemplatePartKind.Vu, "vu", null, 0, 0);
                return true;
            case "iteration" when words.Length == 1:
                part = new TemplatePart(TemplatePartKind.Iteration, "iteration", null, 0, 0);
                return true;
            case "uuid" when words.Length == 1:
                part = new TemplatePart(TemplatePartKind.Uuid, "uuid", null, 0, 0);
                return true;
            case "randomInt":
                if (words.Length != 3
                    || !long.TryParse(words[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var min)
                    || !long.TryParse(words[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var max))
                {
                    error = "randomInt takes two whole numbers: {{randomInt 1 100}}";
                    return false;
                }

                if (min > max)
                {
                    error = $"randomInt's lower bound {min} is above its upper bound {max}";
                    return false;
                }

                part = new TemplatePart(TemplatePartKind.RandomInt, "randomInt", null, min, max);
                return true;
        }

        if (words.Length != 1 || !IsName(words[0]))
        {
            error = "a placeholder is vu, iteration, uuid, randomInt A B, a variable name or source.column";
            return false;
        }

        var dot = words[0].IndexOf('.', StringComparison.Ordinal);
        part = dot < 0
            ? new TemplatePart(TemplatePartKind.Variable, words[0], null, 0, 0)
            : new TemplatePart(TemplatePartKind.Data, words[0][..dot], words[0][(dot + 1)..], 0, 0);
        if (dot >= 0 && (dot == 0 || dot == words[0].Length - 1 || words[0].IndexOf('.', dot + 1) >= 0))
        {
            error = "a data placeholder is source.column";
            return false;
        }

        return true;
    }

    private static bool IsName(string word) =>
        word.Length > 0 && (char.IsAsciiLetter(word[0]) || word[0] == '_') && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}

public enum TemplatePartKind
{
    Literal,
    Vu,
    Iteration,
    Uuid,
    RandomInt,
    Variable,
    Data,
}

/// <param name="Kind">What the part stands for.</param>
/// <param name="Name">The literal text, the variable's name, or the data source's name.</param>
/// <param name="Column">The data column of a <see cref="TemplatePartKind.Data"/> part.</param>
/// <param name="Min">randomInt's lower bound.</param>
/// <param name="Max">randomInt's upper bound (inclusive).</param>
public readonly record struct TemplatePart(TemplatePartKind Kind, string Name, string? Column, long Min, long Max)
{
    public static TemplatePart Literal(string text) => new(TemplatePartKind.Literal, text, null, 0, 0);
}
