namespace ServerlessLoad.Core.Schedules;

/// <summary>
/// A schedule as a user writes it: a name, a six-field NCRONTAB expression read in a time zone (IANA id, default UTC),
/// and the plan to run, either inline (<see cref="Plan"/>, YAML or JSON text) or by the name of a stored plan
/// (<see cref="PlanName"/>).
/// </summary>
public sealed record ScheduleDefinition(
    string Name,
    string Cron,
    string TimeZone = ScheduleDefinition.DefaultTimeZone,
    string? Plan = null,
    string? PlanName = null,
    bool Enabled = true)
{
    public const string DefaultTimeZone = "UTC";
}
