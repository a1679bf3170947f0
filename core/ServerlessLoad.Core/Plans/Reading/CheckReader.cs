namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>
/// Reads an http step's <c>checks:</c>: one-key mappings, <c>status: [200, "201-204"]</c>,
/// <c>header: {name, equals | contains | exists: true}</c>, <c>body: {contains}</c>,
/// <c>json: {path, equals | exists: true}</c> and <c>latency: {under: 300ms}</c>.
/// </summary>
internal static class CheckReader
{
    public static readonly IReadOnlyList<string> Kinds = ["status", "header", "body", "json", "latency"];

    public static readonly IReadOnlyList<string> HeaderFieldNames = ["name", "equals", "contains", "exists"];

    public static readonly IReadOnlyList<string> BodyFieldNames = ["contains"];

    public static readonly IReadOnlyList<string> JsonFieldNames = ["path", "equals", "exists"];

    public static readonly IReadOnlyList<string> LatencyFieldNames = ["under"];

    public static List<Check>? ReadAll(SourceNode node, string path, ProblemList problems)
    {
        if (Values.Sequence(node, path, problems) is not { } sequence)
        {
            return null;
        }

        var before = problems.Count;
        var checks = new List<Check>(sequence.Items.Count);
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            if (Read(sequence.Items[i], FieldPath.Item(path, i), problems) is { } check)
            {
                checks.Add(check);
            }
        }

        return problems.Count == before ? checks : null;
    }

    private static Check? Read(SourceNode node, string path, ProblemList problems)
    {
        if (Values.Mapping(node, path, problems) is not { } mapping)
        {
            return null;
        }

        var entries = MappingEntries.Read(mapping, path, problems, StringComparer.Ordinal);
        if (entries.Count != 1)
        {
            problems.Add(path, mapping, $"a check has exactly one of {string.Join(", ", Kinds)}, found {entries.Count} fields");
            return null;
        }

        var (kind, key, value) = entries[0];
        var field = FieldPath.Child(path, kind);
        switch (kind)
        {
            case "status":
                return ExpectReader.Read(value, field, problems) is { } statuses ? new Check(CheckKind.Status, null, null, statuses, TimeSpan.Zero) : null;
            case "header":
                return ReadHeader(value, field, problems);
            case "body":
                return ReadBody(value, field, problems);
            case "json":
                return ReadJson(value, field, problems);
            case "latency":
                return ReadLatency(value, field, problems);
            default:
                problems.Add(field, key, $"unknown check '{SourceScalar.Shorten(kind)}'{ClosestName.Hint(kind, Kinds)} (known: {string.Join(", ", Kinds)})");
                return null;
        }
    }

    private static Check? ReadHeader(SourceNode node, string path, ProblemList problems)
    {
        if (Values.Mapping(node, path, problems) is not { } mapping)
        {
            return null;
        }

        var before = problems.Count;
        var fields = KnownFields.Read(mapping, path, HeaderFieldNames, problems);
        var name = fields.Required("name", problems) is { } nameNode ? Values.Text(nameNode, fields.PathOf("name"), problems) : null;
        var condition = OneCondition(fields, ["equals", "contains", "exists"], problems);
        if (problems.Count > before || name is null || condition is not { } found)
        {
            return null;
        }

        return found.Field switch
        {
            "exists" => new Check(CheckKind.Header, name, null, [], TimeSpan.Zero),
            "contains" => Text(found.Node) is { } part ? new Check(CheckKind.HeaderContains, name, part, [], TimeSpan.Zero) : null,
            _ => Text(found.Node) is { } value ? new Check(CheckKind.Header, name, value, [], TimeSpan.Zero) : null,
        };

        string? Text(SourceNode valueNode) => Values.Text(valueNode, fields.PathOf(found.Field), problems);
    }

    private static Check? ReadBody(SourceNode node, string path, ProblemList problems)
    {
        if (Values.Mapping(node, path, problems) is not { } mapping)
        {
            return null;
        }

        var before = problems.Count;
        var fields = KnownFields.Read(mapping, path, BodyFieldNames, problems);
        var part = fields.Required("contains", problems) is { } partNode ? Values.Text(partNode, fields.PathOf("contains"), problems) : null;
        return problems.Count == before && part is not null ? new Check(CheckKind.BodyContains, null, part, [], TimeSpan.Zero) : null;
    }

    private static Check? ReadJson(SourceNode node, string path, ProblemList problems)
    {
        if (Values.Mapping(node, path, problems) is not { } mapping)
        {
            return null;
        }

        var before = problems.Count;
        var fields = KnownFields.Read(mapping, path, JsonFieldNames, problems);
        var jsonPath = fields.Required("path", problems) is { } pathNode ? ReadJsonPath(pathNode, fields.PathOf("path"), problems) : null;
        var condition = OneCondition(fields, ["equals", "exists"], problems);
        if (problems.Count > before || jsonPath is null || condition is not { } found)
        {
            return null;
        }

        if (found.Field == "exists")
        {
            return new Check(CheckKind.JsonPathExists, jsonPath, null, [], TimeSpan.Zero);
        }

        // The expected value is kept as JSON text, so 42 and "42" stay different (JsonPathExpression.ValueEquals).
        return JsonBodyWriter.Write(found.Node, fields.PathOf("equals"), problems) is { } expected
            ? new Check(CheckKind.JsonPathEquals, jsonPath, expected, [], TimeSpan.Zero)
            : null;
    }

    private static Check? ReadLatency(SourceNode node, string path, ProblemList problems)
    {
        if (Values.Mapping(node, path, problems) is not { } mapping)
        {
            return null;
        }

        var before = problems.Count;
        var fields = KnownFields.Read(mapping, path, LatencyFieldNames, problems);
        var bound = fields.Required("under", problems) is { } boundNode
            ? Values.Duration(boundNode, fields.PathOf("under"), allowZero: false, RequestReader.MaxTimeout, problems)
            : null;
        return problems.Count == before && bound is not null ? new Check(CheckKind.LatencyUnder, null, null, [], bound.Value) : null;
    }

    /// <summary>The one condition field present (an exists must be true), or null with a problem.</summary>
    private static (string Field, SourceNode Node)? OneCondition(KnownFields fields, string[] conditions, ProblemList problems)
    {
        var present = conditions.Where(fields.Has).ToList();
        if (present.Count != 1)
        {
            var at = present.Count == 0 ? fields.Mapping : fields.Key(present[1])!;
            var field = present.Count == 0 ? fields.PathOf(conditions[0]) : fields.PathOf(present[1]);
            problems.Add(field, at, $"set exactly one of {string.Join(", ", conditions)}");
            return null;
        }

        var node = fields.Value(present[0])!;
        if (present[0] == "exists" && !(node is SourceScalar { Kind: ScalarKind.Boolean } flag && ScalarResolver.IsTrue(flag.Text)))
        {
            problems.Add(fields.PathOf("exists"), node, "must be true (to check that something is absent, use a status or body check)");
            return null;
        }

        return (present[0], node);
    }

    /// <summary>A JSON path that parses (the engine evaluates it with <see cref="JsonPathExpression"/>).</summary>
    public static string? ReadJsonPath(SourceNode node, string path, ProblemList problems)
    {
        if (Values.Text(node, path, problems) is not { } text)
        {
            return null;
        }

        if (!JsonPathExpression.TryParse(text, out _, out var error))
        {
            problems.Add(path, node, $"'{SourceScalar.Shorten(text)}' is not a JSON path: {error}");
            return null;
        }

        return text;
    }
}
