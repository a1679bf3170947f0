using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Schedules;
using ServerlessLoad.Storage.Pipeline;
using ServerlessLoad.Storage.Schedules;

namespace ServerlessLoad.Functions.Schedules;

/// <summary>The outcome of adding or replacing a schedule: the stored schedule, or why not.</summary>
public sealed record ScheduleChange(ScheduleRecord? Schedule, IReadOnlyList<PlanProblem> Problems, bool Exists = false, bool Created = false);

/// <summary>
/// Adds, replaces and checks schedules for the API: every problem at once (the definition's own, and a stored plan
/// that does not exist). Replacing keeps the timer's state, so an occurrence already run is not run again. An inline
/// plan is stored as a stored run's plan is: canonical, with literal credentials masked.
/// </summary>
public sealed class ScheduleCatalog(ScheduleStore store, PipelineSettings pipeline, TimeProvider time)
{
    private ScheduleRules Rules => new() { Limits = pipeline.PlanLimits, MinInterval = TimeSpan.FromSeconds(pipeline.MinScheduleIntervalSeconds) };

    public async Task<IReadOnlyList<PlanProblem>> ValidateAsync(ScheduleDefinition definition, CancellationToken ct) =>
        (await CheckAsync(definition, ct).ConfigureAwait(false)).Problems;

    /// <summary>Adds a new schedule; <see cref="ScheduleChange.Exists"/> when the name is taken.</summary>
    public async Task<ScheduleChange> CreateAsync(ScheduleDefinition definition, CancellationToken ct)
    {
        var (problems, stored) = await CheckAsync(definition, ct).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            return new ScheduleChange(null, problems);
        }

        definition = stored!;

        var record = ScheduleRecord.Create(definition, time.GetUtcNow());
        return await store.TryCreateAsync(record, ct).ConfigureAwait(false)
            ? new ScheduleChange(record, [], Created: true)
            : new ScheduleChange(null, [], Exists: true);
    }

    /// <summary>Replaces the schedule's definition (creating it when missing), keeping what the timer already ran.</summary>
    public async Task<ScheduleChange> ReplaceAsync(ScheduleDefinition definition, CancellationToken ct)
    {
        var (problems, stored) = await CheckAsync(definition, ct).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            return new ScheduleChange(null, problems);
        }

        definition = stored!;

        for (var attempt = 0; attempt < 5; attempt++)
        {
            var now = time.GetUtcNow();
            var (replaced, _) = await store.UpdateAsync(definition.Name, s =>
            {
                s.Replace(definition, now);
                return true;
            }, ct).ConfigureAwait(false);
            if (replaced is not null)
            {
                return new ScheduleChange(replaced, []);
            }

            var record = ScheduleRecord.Create(definition, now);
            if (await store.TryCreateAsync(record, ct).ConfigureAwait(false))
            {
                return new ScheduleChange(record, [], Created: true);
            }
        }

        throw new InvalidOperationException($"Schedule {definition.Name} kept appearing and disappearing while it was replaced.");
    }

    /// <summary>Every problem of the definition, and (when there is none) the definition as it is stored.</summary>
    private async Task<(IReadOnlyList<PlanProblem> Problems, ScheduleDefinition? Stored)> CheckAsync(ScheduleDefinition definition, CancellationToken ct)
    {
        var validation = ScheduleValidator.Validate(definition, Rules, time.GetUtcNow());
        var problems = validation.Problems.ToList();
        if (string.IsNullOrWhiteSpace(definition.Plan) && ScheduleNames.IsValid(definition.PlanName)
            && await store.GetPlanAsync(definition.PlanName!, ct).ConfigureAwait(false) is null)
        {
            problems.Add(new PlanProblem("planName", null, $"there is no stored plan '{definition.PlanName}'; store it first with PUT /api/plans/{definition.PlanName}"));
        }

        if (problems.Count > 0 || validation.InlinePlan is not { } inline)
        {
            return (problems, problems.Count > 0 ? null : definition);
        }

        var text = PlanParser.ToYaml(PlanRedaction.ForStorage(inline).Plan);
        return text.Length > ScheduleValidator.MaxInlinePlanLength
            ? ([new PlanProblem("plan", null, $"the plan as stored is {text.Length} characters; an inline plan holds at most {ScheduleValidator.MaxInlinePlanLength}: store it with PUT /api/plans/{{name}} and give planName")], null)
            : (problems, definition with { Plan = text });
    }
}
