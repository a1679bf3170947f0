namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>
/// Reads a scenario's <c>steps:</c>, in order: each item is a one-key mapping, <c>http:</c>, <c>think:</c>,
/// <c>websocket:</c> or <c>browser:</c>. Templates may read the scenario's data sources and the variables earlier steps
/// capture.
/// </summary>
internal static class StepsReader
{
    public static readonly TimeSpan MaxThink = TimeSpan.FromHours(1);

    public static readonly IReadOnlyList<string> Kinds = ["http", "think", "websocket", "browser"];

    public static List<Step>? ReadAll(SourceNode node, string path, PlanReadContext context, IReadOnlyList<DataSource>? data)
    {
        var problems = context.Problems;
        if (Values.Sequence(node, path, problems) is not { } sequence)
        {
            return null;
        }

        if (sequence.Items.Count == 0)
        {
            problems.Add(path, sequence, "must list at least one step (http, think, websocket or browser)");
            return null;
        }

        var before = problems.Count;
        var scope = new TemplateScope(data);
        var steps = new List<Step>(sequence.Items.Count);
        var browserSeen = false;
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            if (Read(sequence.Items[i], FieldPath.Item(path, i), context, scope, firstBrowser: !browserSeen) is { } step)
            {
                steps.Add(step);
            }

            browserSeen |= sequence.Items[i] is SourceMapping { Entries: [{ Key: SourceScalar { Text: "browser" } }] };
        }

        return problems.Count == before ? steps : null;
    }

    private static Step? Read(SourceNode node, string path, PlanReadContext context, TemplateScope scope, bool firstBrowser)
    {
        var problems = context.Problems;
        if (Values.Mapping(node, path, problems) is not { } mapping)
        {
            return null;
        }

        var entries = MappingEntries.Read(mapping, path, problems, StringComparer.Ordinal);
        if (entries.Count != 1)
        {
            var found = entries.Count == 0 ? "none" : string.Join(", ", entries.Select(e => e.Name));
            problems.Add(path, mapping, $"a step has exactly one of http, think, websocket or browser, found {found}");
            return null;
        }

        var (kind, key, value) = entries[0];
        var field = FieldPath.Child(path, kind);
        switch (kind)
        {
            case "http":
                var http = HttpStepReader.Read(value, field, context, scope);
                if (http is not null)
                {
                    scope.AddCaptures(http.Captures);
                }

                return http;
            case "think":
                return ThinkTimeReader.Read(value, field, MaxThink, problems) is { } think ? new ThinkStep { Think = think } : null;
            case "websocket":
                return WebSocketStepReader.Read(value, field, context) is { } websocket && CheckWebSocketTemplates(websocket, value, field, scope, problems)
                    ? websocket
                    : null;
            case "browser":
                return BrowserStepReader.Read(value, field, context, scope, firstBrowser);
            default:
                problems.Add(field, key, $"unknown step kind '{SourceScalar.Shorten(kind)}'{ClosestName.Hint(kind, Kinds)} (known: {string.Join(", ", Kinds)})");
                return null;
        }
    }

    /// <summary>The websocket reader checks its templates' syntax; what they read must exist at this step.</summary>
    private static bool CheckWebSocketTemplates(WebSocketStep step, SourceNode node, string path, TemplateScope scope, ProblemList problems)
    {
        var valid = scope.Check(step.Path, FieldPath.Child(path, "path"), node, problems);
        foreach (var (name, value) in step.Headers)
        {
            valid &= scope.Check(value, FieldPath.Child(FieldPath.Child(path, "headers"), name), node, problems);
        }

        for (var i = 0; i < step.Actions.Count; i++)
        {
            if (step.Actions[i] is WebSocketSend send)
            {
                valid &= scope.Check(send.Text, FieldPath.Child(FieldPath.Item(FieldPath.Child(path, "actions"), i), "send"), node, problems);
            }
        }

        return valid;
    }
}
