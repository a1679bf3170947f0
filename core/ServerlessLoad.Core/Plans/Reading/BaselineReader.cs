
namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>
/// <c>baseline: RUN_ID</c>, or a mapping <c>{ run: RUN_ID, tolerance: 10%, gate: true }</c> (every field optional).
/// </summary>
internal static class BaselineReader
{
    private static readonly IReadOnlyList<string> FieldNames = ["run", "tolerance", "gate"];

    public static BaselineSpec? Read(SourceNode node, ProblemList problems)
    {
        const string path = "baseline";
        if (node is SourceScalar { Kind: ScalarKind.Text or ScalarKind.Integer } scalar)
        {
            return RunId(scalar.Text, path, scalar, problems) is { } id ? new BaselineSpec { RunId = id } : null;
        }

        if (Values.Mapping(node, path, problems) is not { } mapping)
        {
            return null;
        }

        var fields = KnownFields.Read(mapping, path, FieldNames, problems);
        var spec = new BaselineSpec();
        if (fields.Value("run") is { } run && Values.Text(run, "baseline.run", problems) is { } text
            && RunId(text, "baseline.run", run, problems) is { } runId)
        {
            spec = spec with { RunId = runId };
        }

        if (fields.Value("tolerance") is { } toleranceNode && Tolerance(toleranceNode, problems) is { } tolerance)
        {
            spec = spec with { Tolerance = tolerance };
        }

        if (fields.Value("gate") is { } gate)
        {
            if (gate is SourceScalar { Kind: ScalarKind.Boolean } flag)
            {
                spec = spec with { Gate = string.Equals(flag.Text, "true", StringComparison.OrdinalIgnoreCase) };
            }
            else
            {
                Values.Expected(gate, "baseline.gate", "true or false", problems);
            }
        }

        return spec;
    }

    /// <summary>A run id by the API's rule, so a baseline never names a path outside the reports container.</summary>
    private static string? RunId(string text, string path, SourceNode node, ProblemList problems)
    {
        if (Security.ResourceIds.RunIdProblem(text) is not { } problem)
        {
            return text;
        }

        problems.Add(path, node, problem);
        return null;
    }

    /// <summary>A percentage (<c>10%</c>) or a fraction (<c>0.1</c>), more than 0 and at most 1000 %.</summary>
    private static double? Tolerance(SourceNode node, ProblemList problems)
    {
        const string path = "baseline.tolerance";
        var value = Values.Share(node);
        if (value is not { } v || v <= 0 || v > 10)
        {
            problems.Add(path, node, "must be a percentage such as 10% (or a fraction such as 0.1), more than 0");
            return null;
        }

        return v;
    }
}
