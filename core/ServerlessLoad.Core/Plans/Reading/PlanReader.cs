namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>Maps a plan document's root mapping onto <see cref="Plan"/>, recording every problem on the way.</summary>
internal static class PlanReader
{
    public const int MaxSlices = 1000;

    public static readonly IReadOnlyList<string> FieldNames = ["name", "slices", "target", "targets", "load", "scenarios", "thresholds", "baseline", "maxMissingLoad"];

    public static Plan? Read(SourceMapping root, ProblemList problems, PlanParseOptions options)
    {
        var before = problems.Count;
        var context = new PlanReadContext(problems) { Options = options };
        var fields = KnownFields.Read(root, "", FieldNames, problems);

        string? name = null;
        if (fields.Required("name", problems) is { } nameNode && Values.Text(nameNode, "name", problems) is { } text)
        {
            if (PlanNames.IsValidName(text))
            {
                name = text;
            }
            else
            {
                problems.Add("name", nameNode, $"plan name {PlanNames.NameRule}");
            }
        }

        var slices = fields.Value("slices") is { } slicesNode ? Values.Integer(slicesNode, "slices", 1, MaxSlices, problems) : 1;
        context.Slices = slices;
        context.Targets = TargetsReader.Read(fields, problems);
        var loadBefore = problems.Count;
        var load = fields.Value(SharedLoadReader.Field) is { } loadNode ? SharedLoadReader.Read(loadNode, context) : null;
        var loadRead = problems.Count == loadBefore;
        WeightedScenarios.CheckPairing(fields, problems);
        var scenarios = ReadScenarios(fields, context);
        if (load is not null && loadRead && scenarios is not null)
        {
            scenarios = WeightedScenarios.Apportion(fields, load, scenarios, context);
        }

        if (scenarios is not null)
        {
            BrowserCapacity.Check(fields, scenarios, context);
        }

        var thresholds = fields.Value("thresholds") is { } thresholdsNode ? ThresholdsReader.Read(thresholdsNode, context) : ([], []);
        var baselineBefore = problems.Count;
        var baseline = fields.Value("baseline") is { } baselineNode ? BaselineReader.Read(baselineNode, problems) : null;
        var maxMissingLoad = fields.Value("maxMissingLoad") is { } missingNode ? MaxMissingLoad(missingNode, problems) : null;

        if (problems.Count > before || name is null || slices is null || context.Targets is null || scenarios is null || thresholds is null || problems.Count > baselineBefore)
        {
            return null;
        }

        return new Plan
        {
            Name = name,
            Slices = slices.Value,
            Targets = context.Targets,
            Scenarios = scenarios,
            Load = load,
            Thresholds = thresholds.Value.Expressions,
            AbortOnFail = thresholds.Value.Aborts,
            Baseline = baseline,
            MaxMissingLoad = maxMissingLoad,
        };
    }

    /// <summary>The share of the planned load that may go missing before the run errors: 0% to 100%.</summary>
    private static double? MaxMissingLoad(SourceNode node, ProblemList problems)
    {
        if (Values.Share(node) is { } share && share is >= 0 and <= 1)
        {
            return share;
        }

        problems.Add("maxMissingLoad", node, "must be a percentage from 0% to 100% (such as 5%), or a fraction from 0 to 1");
        return null;
    }

    private static List<Scenario>? ReadScenarios(KnownFields fields, PlanReadContext context)
    {
        var problems = context.Problems;
        if (fields.Required("scenarios", problems) is not { } node || Values.Sequence(node, "scenarios", problems) is not { } sequence)
        {
            return null;
        }

        if (sequence.Items.Count == 0)
        {
            problems.Add("scenarios", sequence, "must list at least one scenario");
            return null;
        }

        var scenarios = new List<Scenario>(sequence.Items.Count);
        var firstLines = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var path = FieldPath.Item("scenarios", i);
            if (ScenarioReader.Read(sequence.Items[i], path, context) is not { } scenario)
            {
                continue;
            }

            if (firstLines.TryGetValue(scenario.Name, out var firstLine))
            {
                var nameNode = ((SourceMapping)sequence.Items[i]).Entries.First(e => e.Key is SourceScalar { Text: "name" }).Value;
                problems.Add(FieldPath.Child(path, "name"), nameNode, $"duplicate scenario name '{scenario.Name}' (first at line {firstLine})");
                continue;
            }

            firstLines[scenario.Name] = sequence.Items[i].Line;
            scenarios.Add(scenario);
        }

        return scenarios.Count == sequence.Items.Count ? scenarios : null;
    }
}
