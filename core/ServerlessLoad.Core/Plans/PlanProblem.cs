namespace ServerlessLoad.Core.Plans;

/// <summary>One thing wrong with a plan: where (JSON-path-like field and 1-based line) and what.</summary>
public sealed record PlanProblem(string Field, int? Line, string Message)
{
    public override string ToString() => Line is { } l ? $"line {l}: {Field}: {Message}" : $"{Field}: {Message}";
}

/// <summary>Either a plan or every problem found in the text.</summary>
public sealed record PlanParseResult(Plan? Plan, IReadOnlyList<PlanProblem> Problems)
{
    public bool IsValid => Plan is not null && Problems.Count == 0;
}
