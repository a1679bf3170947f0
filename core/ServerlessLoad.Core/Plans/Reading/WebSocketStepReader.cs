namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>Reads the value of a step's <c>websocket:</c> key: where to connect, with which headers, and its actions.</summary>
internal static class WebSocketStepReader
{
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10);

    public static readonly IReadOnlyList<string> FieldNames = ["name", "target", "path", "headers", "connectTimeout", "actions"];

    /// <summary>Headers the WebSocket handshake writes itself.</summary>
    private static readonly string[] HandshakeHeaders = ["Upgrade", "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Accept", "Sec-WebSocket-Extensions"];

    public static WebSocketStep? Read(SourceNode node, string path, PlanReadContext context)
    {
        var problems = context.Problems;
        if (Values.Mapping(node, path, problems) is not { } mapping)
        {
            return null;
        }

        var before = problems.Count;
        var fields = KnownFields.Read(mapping, path, FieldNames, problems);
        var name = ReadName(fields, context);
        var target = RequestReader.ReadTarget(fields, context);
        var stepPath = ReadPath(fields, problems);
        var headers = ReadHeaders(fields, problems);
        var connectTimeout = fields.Value("connectTimeout") is { } timeoutNode
            ? Values.Duration(timeoutNode, fields.PathOf("connectTimeout"), allowZero: false, RequestReader.MaxTimeout, problems)
            : DefaultConnectTimeout;
        var actions = fields.Required("actions", problems) is { } actionsNode
            ? WebSocketActionReader.ReadAll(actionsNode, fields.PathOf("actions"), problems)
            : null;

        if (problems.Count > before || name is null || target is null || stepPath is null || headers is null || connectTimeout is null
            || actions is null)
        {
            return null;
        }

        return new WebSocketStep
        {
            Name = name,
            Target = target,
            Path = stepPath,
            Headers = headers,
            ConnectTimeout = connectTimeout.Value,
            Actions = actions,
        };
    }

    /// <summary>The template's problem, or null; literal parts of a path or header must not hold what the field forbids.</summary>
    public static string? TemplateProblem(string text) =>
        Template.TryParse(text, out _, out var error) ? null : $"has a malformed template: {error}";

    /// <summary>
    /// The step's name keys two results, <c>N.connect</c> and <c>N.roundtrip</c>; both are registered as request names,
    /// so neither may clash with another request or step anywhere in the plan.
    /// </summary>
    private static string? ReadName(KnownFields fields, PlanReadContext context)
    {
        var problems = context.Problems;
        var field = fields.PathOf("name");
        if (fields.Required("name", problems) is not { } node || Values.Text(node, field, problems) is not { } name)
        {
            return null;
        }

        if (PlanNames.RequestNameProblem(name) is { } problem)
        {
            problems.Add(field, node, problem);
            return null;
        }

        string[] metrics = [name + WebSocketStep.ConnectSuffix, name + WebSocketStep.RoundTripSuffix];
        if (metrics.Any(m => PlanNames.RequestNameProblem(m) is not null))
        {
            problems.Add(field, node, $"must be at most {PlanNames.MaxRequestNameLength - WebSocketStep.RoundTripSuffix.Length} characters (it keys '{WebSocketStep.RoundTripSuffix}' results)");
            return null;
        }

        foreach (var metric in metrics)
        {
            if (context.RequestNames.TryGetValue(metric, out var firstLine))
            {
                problems.Add(field, node,
                    $"'{SourceScalar.Shorten(metric)}' is already a request name (first at line {firstLine}): names key the results, give each step its own");
                return null;
            }
        }

        foreach (var metric in metrics)
        {
            context.RequestNames[metric] = node.Line;
        }

        return name;
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

        if (!Template.TryParse(text, out var template, out var error))
        {
            problems.Add(field, node, $"has a malformed template: {error}");
            return null;
        }

        // Placeholders may hold spaces ({{randomInt 1 9}}); the text around them goes on the request line as it is.
        if (template.Parts.Any(p => p.Kind == TemplatePartKind.Literal && p.Name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            problems.Add(field, node, "must not contain spaces or control characters (encode them, e.g. %20)");
            return null;
        }

        return text;
    }

    private static Dictionary<string, string>? ReadHeaders(KnownFields fields, ProblemList problems)
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
        var entries = ((SourceMapping)node).Entries;
        foreach (var (name, value) in headers)
        {
            var at = entries.First(e => e.Key is SourceScalar key && key.Text.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (HandshakeHeaders.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add(FieldPath.Child(path, name), at.Key, $"{name} is set by the WebSocket handshake");
                valid = false;
            }
            else if (TemplateProblem(value) is { } problem)
            {
                problems.Add(FieldPath.Child(path, name), at.Value, problem);
                valid = false;
            }
        }

        return valid ? headers : null;
    }
}
