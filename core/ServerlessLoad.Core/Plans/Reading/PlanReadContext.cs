namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>What the readers of one plan share: the problems found so far and the names declared so far.</summary>
internal sealed class PlanReadContext(ProblemList problems)
{
    public ProblemList Problems { get; } = problems;

    public PlanParseOptions Options { get; init; } = PlanParseOptions.Default;

    /// <summary>The plan's targets, or null when they are missing or invalid (references are then not checked).</summary>
    public IReadOnlyDictionary<string, Uri>? Targets { get; set; }

    /// <summary>The plan's slice count, or null when it is invalid (per-slice rules are then not checked).</summary>
    public int? Slices { get; set; }

    /// <summary>Request name to the line it was first declared on; names are unique across the whole plan.</summary>
    public Dictionary<string, int> RequestNames { get; } = new(StringComparer.Ordinal);
}
