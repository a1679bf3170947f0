namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>
/// Pairs the plan's <c>load:</c> with the scenarios that have a <c>weight:</c> (each needs the other) and gives each
/// weighted scenario its share of the load (<see cref="WeightedLoad"/>), reporting shares too small to run.
/// </summary>
internal static class WeightedScenarios
{
    /// <summary>Problems of <c>load:</c> without weights and weights without <c>load:</c>, found from the text alone.</summary>
    public static void CheckPairing(KnownFields plan, ProblemList problems)
    {
        var weightNodes = WeightNodes(plan).ToList();
        if (plan.Key(SharedLoadReader.Field) is { } loadKey && weightNodes.Count == 0)
        {
            problems.Add(SharedLoadReader.Field, loadKey,
                "no scenario has a 'weight': give the scenarios that share this load a weight, or move the load into a scenario");
        }

        if (!plan.Has(SharedLoadReader.Field))
        {
            foreach (var (path, node) in weightNodes)
            {
                problems.Add(path, node, "needs the plan's 'load:' (the executor and load that weighted scenarios share)");
            }
        }
    }

    /// <summary>The scenarios with every weighted one given its share; null (with problems) when a share cannot run.</summary>
    public static List<Scenario>? Apportion(KnownFields plan, Scenario load, List<Scenario> scenarios, PlanReadContext context)
    {
        var weights = scenarios.Where(s => s.Weight is not null).Select(s => s.Weight!.Value).ToList();
        var weightNodes = WeightNodes(plan).ToList();
        var before = context.Problems.Count;
        var result = new List<Scenario>(scenarios.Count);
        var index = 0;
        foreach (var scenario in scenarios)
        {
            if (scenario.Weight is null)
            {
                result.Add(scenario);
                continue;
            }

            var share = WeightedLoad.Apply(load, scenario, weights, index);
            foreach (var shortfall in WeightedLoad.Shortfalls(share, load, weights, index, context.Slices ?? 1))
            {
                var (path, node) = weightNodes[index];
                context.Problems.Add(path, node, $"scenario '{scenario.Name}' {shortfall.Message} (load.{shortfall.Field})");
            }

            result.Add(share);
            index++;
        }

        return context.Problems.Count > before ? null : result;
    }

    /// <summary>Every scenario's <c>weight:</c> value with its path, in plan order.</summary>
    private static IEnumerable<(string Path, SourceNode Node)> WeightNodes(KnownFields plan)
    {
        if (plan.Value("scenarios") is not SourceSequence scenarios)
        {
            yield break;
        }

        for (var i = 0; i < scenarios.Items.Count; i++)
        {
            if (scenarios.Items[i] is not SourceMapping mapping)
            {
                continue;
            }

            foreach (var (key, value) in mapping.Entries)
            {
                if (key is SourceScalar { Text: "weight" })
                {
                    yield return (FieldPath.Child(FieldPath.Item("scenarios", i), "weight"), value);
                    break;
                }
            }
        }
    }
}
