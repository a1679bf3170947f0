using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Runner.Engine.Steps;

/// <summary>
/// A template of a scenario, parsed once per scenario run with its data columns resolved to indexes, so rendering is
/// a walk over the parts; a constant renders to its text without work.
/// </summary>
internal sealed class CompiledTemplate
{
    private readonly Part[] parts;

    private CompiledTemplate(string text, Part[] parts)
    {
        Text = text;
        this.parts = parts;
        IsConstant = parts.All(p => p.Kind == TemplatePartKind.Literal);
    }

    public string Text { get; }

    public bool IsConstant { get; }

    /// <summary>Parses <paramref name="text"/>; <see cref="ArgumentException"/> naming <paramref name="where"/> when it is malformed or reads an unknown data column.</summary>
    public static CompiledTemplate Compile(string text, IReadOnlyList<DataSource> data, string where) =>
        Compile(text, data, where, TemplateEscaping.None);

    /// <summary>
    /// As above, escaping the values of variables and data columns (text the plan does not control) as
    /// <paramref name="escaping"/> says, so a value such as <c>a+b@x.org</c> arrives as itself.
    /// </summary>
    public static CompiledTemplate Compile(string text, IReadOnlyList<DataSource> data, string where, TemplateEscaping escaping)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Template.TryParse(text, out var template, out var error))
        {
            throw new ArgumentException($"{where}: {error}");
        }

        var parts = new Part[template.Parts.Count];
        var inQuery = false;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = template.Parts[i];
            var escape = escaping switch
            {
                TemplateEscaping.Query => inQuery ? TemplateEscaping.Form : TemplateEscaping.None,
                _ => escaping,
            };
            inQuery |= part.Kind == TemplatePartKind.Literal && part.Name.Contains('?', StringComparison.Ordinal);
            int source = -1, column = -1;
            if (part.Kind == TemplatePartKind.Data)
            {
                source = IndexOf(data, part.Name);
                if (source < 0)
                {
                    throw new ArgumentException($"{where}: '{{{{{part.Name}.{part.Column}}}}}' names data source '{part.Name}', which the scenario does not define.");
                }

                column = IndexOfColumn(data[source].Columns, part.Column!);
                if (column < 0)
                {
                    throw new ArgumentException(
                        $"{where}: data source '{part.Name}' has no column '{part.Column}' (it has {string.Join(", ", data[source].Columns)}).");
                }
            }

            parts[i] = new Part(part.Kind, part.Name, source, column, part.Min, part.Max, escape);
        }

        return new CompiledTemplate(text, parts);
    }

    /// <summary>The text with <paramref name="user"/>'s values; a variable not captured yet renders empty.</summary>
    public string Render(StepUser user)
    {
        if (IsConstant)
        {
            return Text;
        }

        var text = user.Text.Clear();
        foreach (var part in parts)
        {
            switch (part.Kind)
            {
                case TemplatePartKind.Literal:
                    text.Append(part.Name);
                    break;
                case TemplatePartKind.Vu:
                    text.Append(user.Number);
                    break;
                case TemplatePartKind.Iteration:
                    text.Append(user.Iteration);
                    break;
                case TemplatePartKind.Uuid:
                    text.Append(Guid.NewGuid().ToString("D", CultureInfo.InvariantCulture));
                    break;
                case TemplatePartKind.RandomInt:
                    // Inclusive upper bound; NextInt64's is exclusive, and Max + 1 cannot overflow past long.MaxValue here.
                    text.Append(part.Max == long.MaxValue ? user.Random.NextInt64(part.Min, part.Max) : user.Random.NextInt64(part.Min, part.Max + 1));
                    break;
                case TemplatePartKind.Variable:
                    if (user.Variables.TryGetValue(part.Name, out var value))
                    {
                        text.Append(Escaped(value, part.Escape));
                    }

                    break;
                case TemplatePartKind.Data:
                    var rows = user.Steps.Data[part.Source].Rows;
                    if (rows.Count > 0)
                    {
                        var row = rows[user.Rows[part.Source]];
                        if (part.Column < row.Count)
                        {
                            text.Append(Escaped(row[part.Column], part.Escape));
                        }
                    }

                    break;
            }
        }

        return text.ToString();
    }

    private static string Escaped(string value, TemplateEscaping escape) => escape switch
    {
        TemplateEscaping.Form => Uri.EscapeDataString(value),
        TemplateEscaping.Json => JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value,
        _ => value,
    };

    private static int IndexOf(IReadOnlyList<DataSource> data, string name)
    {
        for (var i = 0; i < data.Count; i++)
        {
            if (string.Equals(data[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static int IndexOfColumn(IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private readonly record struct Part(TemplatePartKind Kind, string Name, int Source, int Column, long Min, long Max, TemplateEscaping Escape);
}

/// <summary>How values of variables and data columns are escaped where a template puts them.</summary>
internal enum TemplateEscaping
{
    /// <summary>As they are (headers, plain bodies, websocket messages).</summary>
    None,

    /// <summary>A path: as they are before its '?', percent-encoded after it (query values).</summary>
    Query,

    /// <summary>Percent-encoded (form bodies).</summary>
    Form,

    /// <summary>Escaped for a JSON string (JSON bodies, where the plan reader puts placeholders inside strings).</summary>
    Json,
}
