using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Functions.Schedules;

/// <summary>
/// A stored plan as the API shows it: read back and written out with every literal credential masked, credential-named
/// data columns too, whatever was stored before masking existed. A text that no longer reads as a plan is not shown.
/// </summary>
public static class PlanDisplay
{
    public const string Unreadable = "# the stored plan no longer reads as a valid plan; replace it";

    public static string? Of(string? storedText)
    {
        if (string.IsNullOrWhiteSpace(storedText))
        {
            return storedText;
        }

        var parsed = PlanParser.Parse(storedText);
        return parsed.Plan is { } plan ? PlanParser.ToYaml(PlanRedaction.ForDisplay(plan).Plan) : Unreadable;
    }
}
