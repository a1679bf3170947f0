namespace ServerlessLoad.Core.Plans;

/// <summary>Reads a plan from YAML or JSON text (JSON is YAML) and validates it, reporting every problem with its line.</summary>
public static class PlanParser
{
    public static PlanParseResult Parse(string text) => throw new NotImplementedException();

    /// <summary>A canonical YAML rendering of a validated plan, stored beside the run.</summary>
    public static string ToYaml(Plan plan) => throw new NotImplementedException();
}
