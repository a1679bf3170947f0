using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Core.Schedules;

/// <summary>A schedule checked: its timing when the cron and zone are good, and every problem found.</summary>
public sealed record ScheduleValidation(ScheduleTiming? Timing, Plan? InlinePlan, IReadOnlyList<PlanProblem> Problems)
{
    public bool IsValid => Problems.Count == 0;
}

/// <summary>What a schedule may be: the plan limits its inline plan is checked against, and its shortest interval.</summary>
public sealed record ScheduleRules
{
    public static readonly ScheduleRules Default = new();

    public PlanLimits Limits { get; init; } = PlanLimits.Default;

    /// <summary>The shortest time between two occurrences a cron may give (Sload:MinScheduleIntervalSeconds).</summary>
    public TimeSpan MinInterval { get; init; } = TimeSpan.FromMinutes(1);
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

    /// <summary>The occurrences looked at for the shortest interval: enough to see a pattern's every gap within a year.</summary>
    private const int IntervalSamples = 512;

    private static readonly DateTimeOffset Reference = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static ScheduleValidation Validate(ScheduleDefinition schedule, IReadOnlyList<string> allowedHosts) =>
        Validate(schedule, ScheduleRules.Default with { Limits = PlanLimits.Default with { AllowedTargets = allowedHosts } }, Reference);

    /// <summary>Checks <paramref name="schedule"/> against <paramref name="rules"/> (the settings' budget and minimum interval).</summary>
    public static ScheduleValidation Validate(ScheduleDefinition schedule, ScheduleRules rules) => Validate(schedule, rules, Reference);

    /// <summary>Checks <paramref name="schedule"/> against <paramref name="rules"/>; intervals are measured from <paramref name="now"/>.</summary>
    public static ScheduleValidation Validate(ScheduleDefinition schedule, ScheduleRules rules, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(rules);
        var allowedHosts = rules.Limits.AllowedTargets;
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

        var plan = CheckPlan(schedule, rules.Limits, problems);
        var timing = cron is not null && zone is not null ? new ScheduleTiming(cron, zone) : null;
        if (timing is not null && ShortestInterval(timing, now) is { } shortest && shortest < rules.MinInterval)
        {
            problems.Add(new PlanProblem(
                "cron",
                null,
                $"runs as often as every {DurationText.Format(shortest)}; schedules run at most every {DurationText.Format(rules.MinInterval)} (setting Sload__MinScheduleIntervalSeconds)"));
        }

        return new ScheduleValidation(timing, plan, problems);
    }

    /// <summary>The shortest time between consecutive occurrences in the year after <paramref name="from"/> (first <see cref="IntervalSamples"/> of them).</summary>
    public static TimeSpan? ShortestInterval(ScheduleTiming timing, DateTimeOffset from)
    {
        ArgumentNullException.ThrowIfNull(timing);
        TimeSpan? shortest = null;
        DateTimeOffset? previous = null;
        foreach (var occurrence in timing.Occurrences(from, from.AddDays(400)).Take(IntervalSamples))
        {
            if (previous is { } p && (shortest is null || occurrence - p < shortest))
            {
                shortest = occurrence - p;
            }

            previous = occurrence;
        }

        return shortest;
    }

    private static Plan? CheckPlan(ScheduleDefinition schedule, PlanLimits limits, List<PlanProblem> problems)
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

        problems.AddRange(TargetPolicy.Admit(parsed.Plan, limits).Select(p => p with { Field = $"plan.{p.Field}" }));
        return parsed.Plan;
    }
}
