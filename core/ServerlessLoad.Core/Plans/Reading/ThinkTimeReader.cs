namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>
/// Reads a pause: a duration (fixed), <c>{uniform: [min, max]}</c> or <c>{normal: {mean: 1s, stddev: 200ms}}</c>; used
/// by a scenario's <c>thinkTime:</c> and by think steps.
/// </summary>
internal static class ThinkTimeReader
{
    public static readonly IReadOnlyList<string> Kinds = ["uniform", "normal"];

    public static readonly IReadOnlyList<string> NormalFieldNames = ["mean", "stddev"];

    private const string Forms = "a duration (1s), {uniform: [500ms, 1500ms]} or {normal: {mean: 1s, stddev: 200ms}}";

    public static ThinkTime? Read(SourceNode node, string path, TimeSpan max, ProblemList problems)
    {
        if (node is SourceScalar)
        {
            return Values.Duration(node, path, allowZero: true, max, problems) is { } fixedPause ? ThinkTime.Fixed(fixedPause) : null;
        }

        if (node is not SourceMapping mapping)
        {
            Values.Expected(node, path, Forms, problems);
            return null;
        }

        var entries = MappingEntries.Read(mapping, path, problems, StringComparer.Ordinal);
        if (entries.Count != 1)
        {
            problems.Add(path, mapping, $"expected exactly one of uniform or normal, found {entries.Count} fields: {Forms}");
            return null;
        }

        var (kind, key, value) = entries[0];
        var field = FieldPath.Child(path, kind);
        switch (kind)
        {
            case "uniform":
                return ReadUniform(value, field, max, problems);
            case "normal":
                return ReadNormal(value, field, max, problems);
            default:
                problems.Add(field, key, $"unknown distribution '{SourceScalar.Shorten(kind)}'{ClosestName.Hint(kind, Kinds)} (known: fixed as a plain duration, uniform, normal)");
                return null;
        }
    }

    private static ThinkTime? ReadUniform(SourceNode node, string path, TimeSpan max, ProblemList problems)
    {
        if (node is not SourceSequence { Items.Count: 2 } bounds)
        {
            Values.Expected(node, path, "a list of two durations [min, max]", problems);
            return null;
        }

        var min = Values.Duration(bounds.Items[0], FieldPath.Item(path, 0), allowZero: true, max, problems);
        var upper = Values.Duration(bounds.Items[1], FieldPath.Item(path, 1), allowZero: true, max, problems);
        if (min is null || upper is null)
        {
            return null;
        }

        if (min > upper)
        {
            problems.Add(path, bounds, $"the minimum {DurationText.Format(min.Value)} is above the maximum {DurationText.Format(upper.Value)}");
            return null;
        }

        return ThinkTime.Uniform(min.Value, upper.Value);
    }

    private static ThinkTime? ReadNormal(SourceNode node, string path, TimeSpan max, ProblemList problems)
    {
        if (Values.Mapping(node, path, problems) is not { } mapping)
        {
            return null;
        }

        var before = problems.Count;
        var fields = KnownFields.Read(mapping, path, NormalFieldNames, problems);
        var mean = fields.Required("mean", problems) is { } meanNode
            ? Values.Duration(meanNode, fields.PathOf("mean"), allowZero: true, max, problems)
            : null;
        var stddev = fields.Required("stddev", problems) is { } stddevNode
            ? Values.Duration(stddevNode, fields.PathOf("stddev"), allowZero: true, max, problems)
            : null;
        return problems.Count == before && mean is not null && stddev is not null ? ThinkTime.Normal(mean.Value, stddev.Value) : null;
    }
}
