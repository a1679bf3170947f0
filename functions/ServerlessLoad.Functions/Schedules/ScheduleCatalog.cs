using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Schedules;
using ServerlessLoad.Storage.Pipeline;
using ServerlessLoad.Storage.Schedules;

namespace ServerlessLoad.Functions.Schedules;

/// <summary>The outcome of adding or replacing a schedule: the stored schedule, or why not.</summary>
public sealed record ScheduleChange(ScheduleRecord? Schedule, IReadOnlyList<PlanProblem> Problems, bool Exists = false, bool Created = false);

/// <summary>
/// Adds, replaces and checks schedules for the API: every problem at once (the definition's own, and a stored plan
/// that does not exist). Replacing keeps the timer's state, so an occurrence already run is not run again.
/// </summary>
public sealed class ScheduleCatalog(ScheduleStore store, PipelineSettings pipeline, TimeProvider time)
{
    public async Task<IReadOnlyList<PlanProblem>> ValidateAsync(ScheduleDefinition definition, CancellationToken ct)
    {
        var problems = ScheduleValidator.Validate(definition, pipeline.AllowedTargetHosts).Problems.ToList();
        if (string.IsNullOrWhiteSpace(definition.Plan) && ScheduleNames.IsValid(definition.PlanName)
            && await store.GetPlanAsync(definition.PlanName!, ct).ConfigureAwait(false) is null)
        {
            problems.Add(new PlanProblem("planName", null, $"there is no stored plan '{definition.PlanName}'; store it first with PUT /api/plans/{definition.PlanName}"));
        }

        return problems;
    }

    /// <summary>Adds a new schedule; <see cref="ScheduleChange.Exists"/> when the name is taken.</summary>
    public async Task<ScheduleChange> CreateAsync(ScheduleDefinition definition, CancellationToken ct)
    {
        var problems = await ValidateAsync(definition, ct).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            return new ScheduleChange(null, problems);
        }

        var record = ScheduleRecord.Create(definition, time.GetUtcNow());
        return await store.TryCreateAsync(record, ct).ConfigureAwait(false)
            ? new ScheduleChange(record, [], Created: true)
            : new ScheduleChange(null, [], Exists: true);
    }

    /// <summary>Replaces the schedule's definition (creating it when missing), keeping what the timer already ran.</summary>
    public async Task<ScheduleChange> ReplaceAsync(ScheduleDefinition definition, CancellationToken ct)
    {
        var problems = await ValidateAsync(definition, ct).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            return new ScheduleChange(null, problems);
        }

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
}
