namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>Collects every problem found while reading a plan, instead of stopping at the first.</summary>
internal sealed class ProblemList
{
    private readonly List<PlanProblem> problems = [];

    public int Count => problems.Count;

    public void Add(string field, int? line, string message) => problems.Add(new PlanProblem(field, line, message));

    public void Add(string field, SourceNode node, string message) => Add(field, node.Line, message);

    /// <summary>In document order (stable for problems on the same line), which is how people fix them.</summary>
    public IReadOnlyList<PlanProblem> InDocumentOrder() => [.. problems.OrderBy(p => p.Line ?? 0)];
}
