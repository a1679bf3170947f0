using ServerlessLoad.Core.Schedules;
using ServerlessLoad.Storage.Schedules;

namespace ServerlessLoad.Functions.Schedules;

/// <summary>A schedule as the API shows it, with its next occurrence (null when disabled).</summary>
public sealed record ScheduleView(
    string Name,
    string Cron,
    string TimeZone,
    string? PlanName,
    string? Plan,
    bool Enabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? NextOccurrence,
    DateTimeOffset? LastOccurrence,
    string? LastRunId,
    string? LastError)
{
    public static ScheduleView From(ScheduleRecord s, DateTimeOffset now)
    {
        DateTimeOffset? next = null;
        if (s.Enabled && CronExpression.TryParse(s.Cron, out var cron, out _) && ScheduleTimeZones.Find(s.TimeZone, out _) is { } zone)
        {
            next = new ScheduleTiming(cron, zone).NextAfter(now > s.HandledThrough ? now : s.HandledThrough);
        }

        return new ScheduleView(s.Name, s.Cron, s.TimeZone, s.PlanName, PlanDisplay.Of(s.Plan), s.Enabled, s.CreatedAt, s.UpdatedAt, next, s.LastOccurrence, s.LastRunId, s.LastError);
    }
}
