namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>Reads one entry of <c>scenarios:</c>.</summary>
internal static class ScenarioReader
{
    public const int MaxVus = 100_000;

    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(24);

    public static readonly IReadOnlyList<string> FieldNames = ["name", "executor", "vus", "duration", "startTime", "requests"];

    public static Scenario? Read(SourceNode node, string path, PlanReadContext context)
    {
        var problems = context.Problems;
        if (Values.Mapping(node, path, problems) is not { } mapping)
        {
            return null;
        }

        var before = problems.Count;
        var fields = KnownFields.Read(mapping, path, FieldNames, problems);

        string? name = null;
        if (fields.Required("name", problems) is { } nameNode && Values.Text(nameNode, fields.PathOf("name"), problems) is { } text)
        {
            if (PlanNames.IsValidName(text))
            {
                name = text;
            }
            else
            {
                problems.Add(fields.PathOf("name"), nameNode, $"scenario name {PlanNames.NameRule}");
            }
        }

        var executor = Executors.ConstantVus;
        if (fields.Value("executor") is { } executorNode && Values.Text(executorNode, fields.PathOf("executor"), problems) is { } executorText)
        {
            executor = executorText;
            if (!Executors.All.Contains(executorText, StringComparer.Ordinal))
            {
                problems.Add(fields.PathOf("executor"), executorNode,
                    $"unknown executor '{SourceScalar.Shorten(executorText)}'{ClosestName.Hint(executorText, Executors.All)} (known: {string.Join(", ", Executors.All)})");
            }
        }

        var vus = fields.Required("vus", problems) is { } vusNode ? Values.Integer(vusNode, fields.PathOf("vus"), 1, MaxVus, problems) : null;
        var duration = fields.Required("duration", problems) is { } durationNode
            ? Values.Duration(durationNode, fields.PathOf("duration"), allowZero: false, MaxDuration, problems)
            : null;
        var startTime = fields.Value("startTime") is { } startNode
            ? Values.Duration(startNode, fields.PathOf("startTime"), allowZero: true, MaxDuration, problems)
            : TimeSpan.Zero;

        var requests = ReadRequests(fields, context);

        if (problems.Count > before || name is null || vus is null || duration is null || startTime is null || requests is null)
        {
            return null;
        }

        return new Scenario
        {
            Name = name,
            Executor = executor,
            Vus = vus.Value,
            Duration = duration.Value,
            StartTime = startTime.Value,
            Requests = requests,
        };
    }

    private static List<RequestSpec>? ReadRequests(KnownFields fields, PlanReadContext context)
    {
        var problems = context.Problems;
        var path = fields.PathOf("requests");
        if (fields.Required("requests", problems) is not { } node || Values.Sequence(node, path, problems) is not { } sequence)
        {
            return null;
        }

        if (sequence.Items.Count == 0)
        {
            problems.Add(path, sequence, "must list at least one request");
            return null;
        }

        var requests = new List<RequestSpec>(sequence.Items.Count);
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            if (RequestReader.Read(sequence.Items[i], FieldPath.Item(path, i), context) is { } request)
            {
                requests.Add(request);
            }
        }

        return requests.Count == sequence.Items.Count ? requests : null;
    }
}
