namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>Reads <c>stages: [{ duration, target }, ...]</c>: at least one stage, and more than no time in total.</summary>
internal static class StagesReader
{
    public static readonly IReadOnlyList<string> FieldNames = ["duration", "target"];

    public static List<Stage>? Read(SourceNode node, string path, int maxTarget, ProblemList problems)
    {
        if (Values.Sequence(node, path, problems) is not { } sequence)
        {
            return null;
        }

        if (sequence.Items.Count == 0)
        {
            problems.Add(path, sequence, "must list at least one stage");
            return null;
        }

        var before = problems.Count;
        var stages = new List<Stage>(sequence.Items.Count);
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var stagePath = FieldPath.Item(path, i);
            if (Values.Mapping(sequence.Items[i], stagePath, problems) is not { } mapping)
            {
                continue;
            }

            var fields = KnownFields.Read(mapping, stagePath, FieldNames, problems);
            var duration = fields.Required("duration", problems) is { } durationNode
                ? Values.Duration(durationNode, fields.PathOf("duration"), allowZero: true, ScenarioReader.MaxDuration, problems)
                : null;
            var target = fields.Required("target", problems) is { } targetNode
                ? Values.Integer(targetNode, fields.PathOf("target"), 0, maxTarget, problems)
                : null;
            if (duration is { } d && target is { } t)
            {
                stages.Add(new Stage(d, t));
            }
        }

        if (problems.Count > before)
        {
            return null;
        }

        var total = stages.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Duration);
        if (total == TimeSpan.Zero)
        {
            problems.Add(path, sequence, "must last longer than 0s in total");
            return null;
        }

        if (total > ScenarioReader.MaxDuration)
        {
            problems.Add(path, sequence, $"must last at most {DurationText.Format(ScenarioReader.MaxDuration)} in total, found {DurationText.Format(total)}");
            return null;
        }

        return stages;
    }
}
