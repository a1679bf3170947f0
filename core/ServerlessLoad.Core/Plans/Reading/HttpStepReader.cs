using System.Globalization;
using System.Text;

namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>
/// Reads the value of a step's <c>http:</c> key: the fields of a <c>requests:</c> entry (minus weight) with templates
/// in the path, query, headers and body, plus <c>query:</c>, <c>form:</c>, <c>checks:</c> and <c>capture:</c>.
/// </summary>
internal static class HttpStepReader
{
    public const string FormContentType = "application/x-www-form-urlencoded";

    public static readonly IReadOnlyList<string> FieldNames =
    [
        "name", "method", "target", "path", "query", "headers", "json", "body", "form", "contentType", "expect", "timeout",
        "checks", "capture",
    ];

    /// <summary>The step, its templates checked against <paramref name="scope"/> (its own captures are not yet in it).</summary>
    public static HttpStep? Read(SourceNode node, string path, PlanReadContext context, TemplateScope scope)
    {
        var problems = context.Problems;
        if (Values.Mapping(node, path, problems) is not { } mapping)
        {
            return null;
        }

        var before = problems.Count;
        var fields = KnownFields.Read(mapping, path, FieldNames, problems);
        var method = RequestReader.ReadMethod(fields, problems);
        var target = RequestReader.ReadTarget(fields, context);
        var stepPath = ReadPath(fields, scope, problems);
        var query = fields.Value("query") is { } queryNode ? ReadPairs(queryNode, fields.PathOf("query"), scope, problems) : "";
        var headers = ReadHeaders(fields, scope, problems);
        var (body, contentType) = ReadBody(fields, scope, problems);
        var expect = fields.Value("expect") is { } expectNode ? ExpectReader.Read(expectNode, fields.PathOf("expect"), problems) : [];
        var timeout = fields.Value("timeout") is { } timeoutNode
            ? Values.Duration(timeoutNode, fields.PathOf("timeout"), allowZero: false, RequestReader.MaxTimeout, problems)
            : TimeSpan.FromSeconds(30);
        var checks = fields.Value("checks") is { } checksNode ? CheckReader.ReadAll(checksNode, fields.PathOf("checks"), problems) : [];
        var captures = fields.Value("capture") is { } captureNode ? CaptureReader.ReadAll(captureNode, fields.PathOf("capture"), problems) : [];
        var name = RequestReader.ReadName(fields, method, stepPath, context);

        if (problems.Count > before || method is null || target is null || stepPath is null || query is null || headers is null
            || expect is null || timeout is null || checks is null || captures is null || name is null)
        {
            return null;
        }

        var separator = stepPath.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return new HttpStep
        {
            Request = new RequestSpec
            {
                Name = name,
                Method = method,
                Target = target,
                Path = query.Length == 0 ? stepPath : stepPath + separator + query,
                Headers = headers,
                Body = body,
                ContentType = contentType,
                Expect = expect,
                Timeout = timeout.Value,
            },
            Checks = checks,
            Captures = captures,
        };
    }

    private static string? ReadPath(KnownFields fields, TemplateScope scope, ProblemList problems)
    {
        var field = fields.PathOf("path");
        if (fields.Required("path", problems) is not { } node || Values.Text(node, field, problems) is not { } text)
        {
            return null;
        }

        if (!text.StartsWith('/'))
        {
            problems.Add(field, node, $"must start with '/', found '{SourceScalar.Shorten(text)}'");
            return null;
        }

        if (!scope.Check(text, field, node, problems))
        {
            return null;
        }

        // Placeholders may hold spaces ({{randomInt 1 9}}); the text around them goes on the request line as it is.
        if (Template.Parse(text).Parts.Any(p => p.Kind == TemplatePartKind.Literal && p.Name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            problems.Add(field, node, "must not contain spaces or control characters (encode them, e.g. %20)");
            return null;
        }

        return text;
    }

    private static Dictionary<string, string>? ReadHeaders(KnownFields fields, TemplateScope scope, ProblemList problems)
    {
        if (fields.Value("headers") is not { } node)
        {
            return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        }

        var path = fields.PathOf("headers");
        if (HeadersReader.Read(node, path, problems) is not { } headers)
        {
            return null;
        }

        var valid = true;
        foreach (var (key, value) in ((SourceMapping)node).Entries)
        {
            if (key is SourceScalar name && value is SourceScalar text)
            {
                valid &= scope.Check(text.Text, FieldPath.Child(path, name.Text), value, problems);
            }
        }

        return valid ? headers : null;
    }

    private static (string? Body, string? ContentType) ReadBody(KnownFields fields, TemplateScope scope, ProblemList problems)
    {
        var kinds = new[] { "json", "body", "form" }.Where(fields.Has).ToList();
        var contentTypeNode = fields.Value("contentType");
        string? contentType = null;
        if (contentTypeNode is not null)
        {
            contentType = Values.Text(contentTypeNode, fields.PathOf("contentType"), problems);
            if (contentType is not null && contentType.Any(char.IsControl))
            {
                problems.Add(fields.PathOf("contentType"), contentTypeNode, "must not contain control characters");
            }
        }

        if (kinds.Count > 1)
        {
            problems.Add(fields.PathOf(kinds[1]), fields.Key(kinds[1])!, $"set one of 'json', 'body' or 'form', not {string.Join(" and ", kinds)}");
            return (null, null);
        }

        if (kinds.Count == 0)
        {
            if (contentTypeNode is not null)
            {
                problems.Add(fields.PathOf("contentType"), fields.Key("contentType")!, "has no effect without 'body', 'json' or 'form'");
            }

            return (null, null);
        }

        var field = fields.PathOf(kinds[0]);
        var node = fields.Value(kinds[0])!;
        switch (kinds[0])
        {
            case "json":
                CheckJsonTemplates(node, field, scope, problems);
                return (JsonBodyWriter.Write(node, field, problems), contentType ?? "application/json");
            case "form":
                return (ReadPairs(node, field, scope, problems), contentType ?? FormContentType);
            default:
                var text = Values.Text(node, field, problems);
                if (text is not null)
                {
                    scope.Check(text, field, node, problems);
                }

                return (text, contentType);
        }
    }

    /// <summary>Every text key and value of a JSON body may hold placeholders; each is checked where it is written.</summary>
    private static void CheckJsonTemplates(SourceNode node, string path, TemplateScope scope, ProblemList problems)
    {
        switch (node)
        {
            case SourceScalar { Kind: ScalarKind.Text } text:
                scope.Check(text.Text, path, text, problems);
                break;
            case SourceSequence sequence:
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    CheckJsonTemplates(sequence.Items[i], FieldPath.Item(path, i), scope, problems);
                }

                break;
            case SourceMapping mapping:
                foreach (var (key, value) in mapping.Entries)
                {
                    var child = key is SourceScalar name ? FieldPath.Child(path, name.Text) : path;
                    CheckJsonTemplates(key, child, scope, problems);
                    CheckJsonTemplates(value, child, scope, problems);
                }

                break;
        }
    }

    /// <summary>
    /// A <c>query:</c> or <c>form:</c> mapping as <c>k=v&amp;k2=v2</c>, percent-encoded around the placeholders, which
    /// are kept for the engine to fill in; null when some entry is wrong (problems recorded).
    /// </summary>
    private static string? ReadPairs(SourceNode node, string path, TemplateScope scope, ProblemList problems)
    {
        if (Values.Mapping(node, path, problems) is not { } mapping)
        {
            return null;
        }

        var before = problems.Count;
        var pairs = new List<string>();
        foreach (var (name, key, value) in MappingEntries.Read(mapping, path, problems, StringComparer.Ordinal))
        {
            var field = FieldPath.Child(path, name);
            if (value is SourceSequence or SourceMapping)
            {
                Values.Expected(value, field, "text", problems);
                continue;
            }

            var text = value is SourceScalar { Kind: ScalarKind.Null } ? "" : Values.Text(value, field, problems);
            if (text is null || !scope.Check(name, field, key, problems) || !scope.Check(text, field, value, problems))
            {
                continue;
            }

            pairs.Add(Encode(Template.Parse(name)) + "=" + Encode(Template.Parse(text)));
        }

        return problems.Count == before ? string.Join('&', pairs) : null;
    }

    private static string Encode(Template template)
    {
        var encoded = new StringBuilder();
        foreach (var part in template.Parts)
        {
            encoded.Append(part.Kind switch
            {
                TemplatePartKind.Literal => Uri.EscapeDataString(part.Name),
                TemplatePartKind.RandomInt => string.Create(CultureInfo.InvariantCulture, $"{{{{randomInt {part.Min} {part.Max}}}}}"),
                TemplatePartKind.Data => $"{{{{{part.Name}.{part.Column}}}}}",
                _ => $"{{{{{part.Name}}}}}",
            });
        }

        return encoded.ToString();
    }
}
