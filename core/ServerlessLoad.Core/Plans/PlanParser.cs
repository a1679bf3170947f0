using ServerlessLoad.Core.Plans.Reading;

namespace ServerlessLoad.Core.Plans;

/// <summary>Reads a plan from YAML or JSON text (JSON is YAML) and validates it, reporting every problem with its line.</summary>
public static class PlanParser
{
    /// <summary>The field name of problems about the document as a whole (syntax, not a mapping, empty).</summary>
    public const string DocumentField = SourceTreeReader.DocumentField;

    /// <summary>Never throws: any text, however malformed, yields a plan or a list of problems.</summary>
    public static PlanParseResult Parse(string text) => Parse(text, PlanParseOptions.Default);

    /// <summary>Like <see cref="Parse(string)"/>, reading data files through <paramref name="options"/>.</summary>
    public static PlanParseResult Parse(string text, PlanParseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new ProblemList();
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add(DocumentField, 1, "the plan is empty");
            return new PlanParseResult(null, problems.InDocumentOrder());
        }

        var root = SourceTreeReader.Read(text, problems);
        if (root is null)
        {
            if (problems.Count == 0)
            {
                problems.Add(DocumentField, 1, "the plan is empty (only comments)");
            }

            return new PlanParseResult(null, problems.InDocumentOrder());
        }

        if (root is not SourceMapping mapping)
        {
            var found = root is SourceScalar { Kind: ScalarKind.Null } ? "nothing" : root.Describe();
            problems.Add(DocumentField, root, $"a plan must be a mapping of fields (name, targets, scenarios, ...), found {found}");
            return new PlanParseResult(null, problems.InDocumentOrder());
        }

        var plan = PlanReader.Read(mapping, problems, options);
        return new PlanParseResult(problems.Count == 0 ? plan : null, problems.InDocumentOrder());
    }

    /// <summary>A canonical YAML rendering of a validated plan, stored beside the run; it parses back to an equal plan.</summary>
    public static string ToYaml(Plan plan) => PlanYamlWriter.Write(plan);
}
