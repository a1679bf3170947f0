using ServerlessLoad.Core.Schedules;

namespace ServerlessLoad.Storage.Schedules;

/// <summary>
/// A schedule's row: its definition, and the state the timer keeps. <see cref="LastOccurrence"/> is the last
/// occurrence claimed for a run; it only moves forward, by a conditional update on <see cref="ETag"/>, so two hosts
/// can never both claim the same occurrence. <see cref="LastRunPending"/> stays true from the claim until the run is
/// started (or refused), so a host that died in between is finished for by the next tick, with the same run id.
/// </summary>
public sealed class ScheduleRecord
{
    public required string Name { get; init; }

    public required string Cron { get; set; }

    public string TimeZone { get; set; } = ScheduleDefinition.DefaultTimeZone;

    /// <summary>The inline plan text, or null when the schedule runs a stored plan.</summary>
    public string? Plan { get; set; }

    /// <summary>The stored plan's name (plans container, library/&lt;name&gt;.yaml), or null for an inline plan.</summary>
    public string? PlanName { get; set; }

    public bool Enabled { get; set; } = true;

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When this definition took effect (created, replaced or enabled): occurrences before it are not missed ones.</summary>
    public DateTimeOffset ActiveSince { get; set; }

    public DateTimeOffset? LastOccurrence { get; set; }

    public string? LastRunId { get; set; }

    public bool LastRunPending { get; set; }

    /// <summary>When <see cref="LastOccurrence"/> was claimed.</summary>
    public DateTimeOffset? ClaimedAt { get; set; }

    /// <summary>Why the last claimed occurrence did not start a run (plan gone or invalid), when it did not.</summary>
    public string? LastError { get; set; }

    /// <summary>Occurrences up to this instant were missed and skipped as older than the catch-up window.</summary>
    public DateTimeOffset? SkippedThrough { get; set; }

    public string? ETag { get; set; }

    public ScheduleDefinition Definition => new(Name, Cron, TimeZone, Plan, PlanName, Enabled);

    /// <summary>Every occurrence up to this instant has been started, skipped, or came before the schedule existed.</summary>
    public DateTimeOffset HandledThrough
    {
        get
        {
            var through = ActiveSince;
            if (LastOccurrence > through)
            {
                through = LastOccurrence.Value;
            }

            if (SkippedThrough > through)
            {
                through = SkippedThrough.Value;
            }

            return through;
        }
    }

    public static ScheduleRecord Create(ScheduleDefinition definition, DateTimeOffset now) => new()
    {
        Name = definition.Name,
        Cron = definition.Cron.Trim(),
        TimeZone = string.IsNullOrWhiteSpace(definition.TimeZone) ? ScheduleDefinition.DefaultTimeZone : definition.TimeZone.Trim(),
        Plan = string.IsNullOrWhiteSpace(definition.Plan) ? null : definition.Plan,
        PlanName = string.IsNullOrWhiteSpace(definition.PlanName) ? null : definition.PlanName.Trim(),
        Enabled = definition.Enabled,
        CreatedAt = now,
        UpdatedAt = now,
        ActiveSince = now,
    };

    /// <summary>
    /// Takes a new definition, keeping the timer's state. The new timing counts from now: occurrences the old
    /// definition did not reach are not made up for.
    /// </summary>
    public void Replace(ScheduleDefinition definition, DateTimeOffset now)
    {
        var fresh = Create(definition, now);
        Cron = fresh.Cron;
        TimeZone = fresh.TimeZone;
        Plan = fresh.Plan;
        PlanName = fresh.PlanName;
        Enabled = fresh.Enabled;
        UpdatedAt = now;
        ActiveSince = now;
    }
}
