namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>Reads the value of a step's <c>browser:</c> key: its name, target, default action timeout and actions.</summary>
internal static class BrowserStepReader
{
    public static readonly IReadOnlyList<string> FieldNames = ["name", "target", "timeout", "actions"];

    /// <summary>
    /// The step, its templates checked against <paramref name="scope"/>; the variables its capture actions store are added
    /// to the scope as they are read, so later actions and steps may use them. The scenario's first browser step must
    /// begin with a goto (<paramref name="first"/>): every iteration starts on a blank page.
    /// </summary>
    public static BrowserStep? Read(SourceNode node, string path, PlanReadContext context, TemplateScope scope, bool first)
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
        var timeout = fields.Value("timeout") is { } timeoutNode
            ? Values.Duration(timeoutNode, fields.PathOf("timeout"), allowZero: false, RequestReader.MaxTimeout, problems)
            : BrowserStep.DefaultTimeout;
        var actions = fields.Required("actions", problems) is { } actionsNode
            ? BrowserActionReader.ReadAll(actionsNode, fields.PathOf("actions"), scope, first, problems)
            : null;

        if (problems.Count > before || name is null || target is null || timeout is null || actions is null)
        {
            return null;
        }

        return new BrowserStep { Name = name, Target = target, Timeout = timeout.Value, Actions = actions };
    }

    /// <summary>The step's name keys its results; like a request's name it must be unique in the whole plan.</summary>
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

        if (context.RequestNames.TryGetValue(name, out var firstLine))
        {
            problems.Add(field, node, $"'{SourceScalar.Shorten(name)}' is already a request name (first at line {firstLine}): names key the results, give each step its own");
            return null;
        }

        context.RequestNames[name] = node.Line;
        return name;
    }
}
