using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Cli.Commands;

/// <summary>
/// A plan read from disk: its data files are read beside it, and what goes to the API carries their rows inline,
/// because the functions that store and run a plan have no files.
/// </summary>
internal static class PlanFiles
{
    /// <summary>Parser options reading <c>file:</c> data sources relative to the plan's directory.</summary>
    public static PlanParseOptions OptionsFor(string planPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(planPath)) ?? Directory.GetCurrentDirectory();
        return new PlanParseOptions { ReadDataFile = name => File.ReadAllText(Path.Combine(directory, name)) };
    }

    /// <summary>The plan as written when it names no files, else its canonical YAML with the files' rows inline.</summary>
    public static string Submittable(string planText, Plan plan) =>
        plan.Scenarios.Any(s => s.Data.Any(d => d.File is not null)) ? PlanParser.ToYaml(plan) : planText;
}
