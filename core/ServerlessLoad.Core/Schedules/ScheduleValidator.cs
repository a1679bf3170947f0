using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Core.Schedules;

/// <summary>A schedule checked: its timing when the cron and zone are good, and every problem found.</summary>
public sealed record ScheduleValidation(ScheduleTiming? Timing, Plan? InlinePlan, IReadOnlyList<PlanProblem> Problems)
{
    public bool IsValid => Problems.Count == 0;
}

/// <summary>
/// Checks a schedule and lists every problem at once: name, cron (each bad field with its column), time zone, and
/// the inline plan's own problems (fields under "plan.", lines within the plan text). Whether a stored plan exists is
/// for the caller, which can see storage.
/// </summary>
public static class ScheduleValidator
{
    /// <summary>Table properties hold at most 64 KiB; longer plans are stored by name.</summary>
    public const int MaxInlinePlanLength = 30_000;

    public static ScheduleValidation Validate(ScheduleDefinition schedule, IReadOnlyList<string> allowedHosts)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var problems = new List<PlanProblem>();
        if (ScheduleNames.Problem(schedule.Name) is { } nameProblem)
        {
            problems.Add(new PlanProblem("name", null, nameProblem));
        }

        if (!CronExpression.TryParse(schedule.Cron, out var cron, out var cronProblems))
        {
            problems.AddRange(cronProblems.Select(p => new PlanProblem("cron", null, p)));
        }

        var zone = ScheduleTimeZones.Find(schedule.TimeZone, out var zoneProblem);
        if (zoneProblem is not null)
        {
            problems.Add(new PlanProblem("timeZone", null, zoneProblem));
        }

        var plan = CheckPlan(schedule, allowedHosts, problems);
        var timing = cron is not null && zone is not null ? new ScheduleTiming(cron, zone) : null;
        return new ScheduleValidation(timing, plan, problems);
    }

    private static Plan? CheckPlan(ScheduleDefinition schedule, IReadOnlyList<string> allowedHosts, List<PlanProblem> problems)
    {
        var hasInline = !string.IsNullOrWhiteSpace(schedule.Plan);
        var hasName = !string.IsNullOrWhiteSpace(schedule.PlanName);
        if (hasInline == hasName)
        {
            problems.Add(new PlanProblem(
                "plan",
                null,
                hasInline ? "give either an inline plan or planName, not both" : "a plan is required: an inline plan or the planName of a stored plan"));
            return null;
        }

        if (hasName)
        {
            if (ScheduleNames.Problem(schedule.PlanName) is { } planNameProblem)
            {
                problems.Add(new PlanProblem("planName", null, planNameProblem));
            }

            return null;
        }

        if (schedule.Plan!.Length > MaxInlinePlanLength)
        {
            problems.Add(new PlanProblem(
                "plan",
                null,
                $"an inline plan holds at most {MaxInlinePlanLength} characters; store it with PUT /api/plans/{{name}} and give planName"));
            return null;
        }

        var parsed = PlanParser.Parse(schedule.Plan);
        problems.AddRange(parsed.Problems.Select(p => p with { Field = p.Field == PlanParser.DocumentField ? "plan" : $"plan.{p.Field}" }));
        if (parsed.Plan is null)
        {
            return null;
        }

        problems.AddRange(TargetPolicy.Check(parsed.Plan, allowedHosts).Select(p => p with { Field = $"plan.{p.Field}" }));
        return parsed.Plan;
    }
}
