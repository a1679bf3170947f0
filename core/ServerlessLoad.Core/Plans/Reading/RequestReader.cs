namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>Reads one entry of a scenario's <c>requests:</c>.</summary>
internal static class RequestReader
{
    public const int MaxWeight = 1_000_000;

    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);

    public static readonly IReadOnlyList<string> Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    public static readonly IReadOnlyList<string> FieldNames =
        ["name", "weight", "method", "target", "path", "headers", "json", "body", "contentType", "expect", "timeout"];

    public static RequestSpec? Read(SourceNode node, string path, PlanReadContext context)
    {
        var problems = context.Problems;
        if (Values.Mapping(node, path, problems) is not { } mapping)
        {
            return null;
        }

        var before = problems.Count;
        var fields = KnownFields.Read(mapping, path, FieldNames, problems);

        var weight = fields.Value("weight") is { } weightNode ? Values.Integer(weightNode, fields.PathOf("weight"), 1, MaxWeight, problems) : 1;
        var method = ReadMethod(fields, problems);
        var target = ReadTarget(fields, context);
        var requestPath = ReadPath(fields, problems);
        var headers = fields.Value("headers") is { } headersNode
            ? HeadersReader.Read(headersNode, fields.PathOf("headers"), problems)
            : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var (body, contentType) = ReadBody(fields, problems);
        var expect = fields.Value("expect") is { } expectNode ? ExpectReader.Read(expectNode, fields.PathOf("expect"), problems) : [];
        var timeout = fields.Value("timeout") is { } timeoutNode
            ? Values.Duration(timeoutNode, fields.PathOf("timeout"), allowZero: false, MaxTimeout, problems)
            : TimeSpan.FromSeconds(30);
        var name = ReadName(fields, method, requestPath, context);
        CheckSecretReferences(fields, problems);

        if (problems.Count > before || weight is null || method is null || target is null || requestPath is null
            || headers is null || expect is null || timeout is null || name is null)
        {
            return null;
        }

        return new RequestSpec
        {
            Name = name,
            Weight = weight.Value,
            Method = method,
            Target = target,
            Path = requestPath,
            Headers = headers,
            Body = body,
            ContentType = contentType,
            Expect = expect,
            Timeout = timeout.Value,
        };
    }

    /// <summary>
    /// A <c>requests:</c> entry takes its text as it is, with one exception: <c>{{secrets.NAME}}</c>, filled in by the
    /// runner. Every such reference must name a secret properly.
    /// </summary>
    private static void CheckSecretReferences(KnownFields fields, ProblemList problems)
    {
        foreach (var field in new[] { "path", "headers", "json", "body" })
        {
            if (fields.Value(field) is { } node)
            {
                foreach (var scalar in Scalars(node))
                {
                    foreach (var name in SecretReferences.Names(scalar.Text).Distinct(StringComparer.Ordinal))
                    {
                        if (SecretReferences.NameProblem(name) is { } problem)
                        {
                            problems.Add(fields.PathOf(field), scalar, problem);
                        }
                    }
                }
            }
        }
    }

    private static IEnumerable<SourceScalar> Scalars(SourceNode node) => node switch
    {
        SourceScalar scalar => [scalar],
        SourceSequence sequence => sequence.Items.SelectMany(Scalars),
        SourceMapping mapping => mapping.Entries.SelectMany(e => Scalars(e.Key).Concat(Scalars(e.Value))),
        _ => [],
    };

    public static string? ReadMethod(KnownFields fields, ProblemList problems)
    {
        if (fields.Value("method") is not { } node)
        {
            return "GET";
        }

        if (Values.Text(node, fields.PathOf("method"), problems) is not { } text)
        {
            return null;
        }

        var method = text.ToUpperInvariant();
        if (Methods.Contains(method, StringComparer.Ordinal))
        {
            return method;
        }

        problems.Add(fields.PathOf("method"), node,
            $"unknown method '{SourceScalar.Shorten(text)}'{ClosestName.Hint(method, Methods)} (known: {string.Join(", ", Methods)})");
        return null;
    }

    /// <summary>The named target, or the only one when the plan has one (websocket steps resolve targets the same way).</summary>
    public static string? ReadTarget(KnownFields fields, PlanReadContext context)
    {
        var problems = context.Problems;
        var targets = context.Targets;
        if (fields.Value("target") is { } node)
        {
            if (Values.Text(node, fields.PathOf("target"), problems) is not { } name)
            {
                return null;
            }

            if (targets is not null && !targets.ContainsKey(name))
            {
                problems.Add(fields.PathOf("target"), node,
                    $"unknown target '{SourceScalar.Shorten(name)}'{ClosestName.Hint(name, targets.Keys)} (known: {string.Join(", ", targets.Keys)})");
                return null;
            }

            return name;
        }

        switch (targets?.Count)
        {
            case 1:
                return targets.Keys.First();
            case > 1:
                problems.Add(fields.PathOf("target"), fields.Mapping,
                    $"is required when the plan has several targets ({string.Join(", ", targets.Keys)})");
                return null;
            default:
                // The plan's targets are missing or invalid: that problem is reported once, at the plan level.
                return null;
        }
    }

    private static string? ReadPath(KnownFields fields, ProblemList problems)
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

        if (text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            problems.Add(field, node, "must not contain spaces or control characters (encode them, e.g. %20)");
            return null;
        }

        return text;
    }

    private static (string? Body, string? ContentType) ReadBody(KnownFields fields, ProblemList problems)
    {
        var jsonNode = fields.Value("json");
        var bodyNode = fields.Value("body");
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

        if (jsonNode is not null && bodyNode is not null)
        {
            problems.Add(fields.PathOf("body"), fields.Key("body")!, "set either 'json' or 'body', not both");
            return (null, null);
        }

        if (jsonNode is not null)
        {
            return (JsonBodyWriter.Write(jsonNode, fields.PathOf("json"), problems), contentType ?? "application/json");
        }

        if (bodyNode is not null)
        {
            return (Values.Text(bodyNode, fields.PathOf("body"), problems), contentType);
        }

        if (contentTypeNode is not null)
        {
            problems.Add(fields.PathOf("contentType"), fields.Key("contentType")!, "has no effect without 'body' or 'json'");
        }

        return (null, null);
    }

    /// <summary>The request's name (or "METHOD path"), registered as unique plan-wide; http steps are named the same way.</summary>
    public static string? ReadName(KnownFields fields, string? method, string? requestPath, PlanReadContext context)
    {
        var problems = context.Problems;
        string? name;
        SourceNode at;
        var field = fields.PathOf("name");
        if (fields.Value("name") is { } node)
        {
            name = Values.Text(node, field, problems);
            at = node;
            if (name is not null && PlanNames.RequestNameProblem(name) is { } problem)
            {
                problems.Add(field, node, problem);
                return null;
            }
        }
        else
        {
            // The default name "GET /fast" needs the method and path; without them there is nothing to check.
            name = method is not null && requestPath is not null ? $"{method} {requestPath}" : null;
            at = fields.Mapping;
            if (name is not null && PlanNames.RequestNameProblem(name) is not null)
            {
                problems.Add(field, at, $"the default name '{SourceScalar.Shorten(name)}' is too long or unusable: give the request a name");
                return null;
            }
        }

        if (name is null)
        {
            return null;
        }

        if (context.RequestNames.TryGetValue(name, out var firstLine))
        {
            problems.Add(field, at, $"duplicate request name '{SourceScalar.Shorten(name)}' (first at line {firstLine}): names key the results, give each request its own");
            return null;
        }

        context.RequestNames[name] = at.Line;
        return name;
    }
}
