using Azure.Data.Tables;
namespace ServerlessLoad.Storage.Schedules;

internal static class ScheduleMapping
{
    public const string Partition = "schedule";

    public static TableEntity ToEntity(ScheduleRecord s)
    {
        var e = new TableEntity(Partition, s.Name)
        {
            ["Cron"] = s.Cron,
            ["TimeZone"] = s.TimeZone,
            ["Enabled"] = s.Enabled,
            ["CreatedAt"] = s.CreatedAt,
            ["UpdatedAt"] = s.UpdatedAt,
            ["ActiveSince"] = s.ActiveSince,
            ["LastRunPending"] = s.LastRunPending,
        };
        e.SetIfNotNull("Plan", s.Plan);
        e.SetIfNotNull("PlanName", s.PlanName);
        e.SetIfNotNull("LastOccurrence", s.LastOccurrence);
        e.SetIfNotNull("LastRunId", s.LastRunId);
        e.SetIfNotNull("ClaimedAt", s.ClaimedAt);
        e.SetIfNotNull("LastError", s.LastError);
        e.SetIfNotNull("SkippedThrough", s.SkippedThrough);
        return e;
    }

    public static ScheduleRecord ToRecord(TableEntity e)
    {
        var created = e.Time("CreatedAt") ?? DateTimeOffset.MinValue;
        return new ScheduleRecord
        {
            Name = e.RowKey,
            Cron = e.Text("Cron") ?? string.Empty,
            TimeZone = e.Text("TimeZone") ?? "UTC",
            Plan = e.Text("Plan"),
            PlanName = e.Text("PlanName"),
            Enabled = e.Bool("Enabled") ?? true,
            CreatedAt = created,
            UpdatedAt = e.Time("UpdatedAt") ?? created,
            ActiveSince = e.Time("ActiveSince") ?? created,
            LastOccurrence = e.Time("LastOccurrence"),
            LastRunId = e.Text("LastRunId"),
            LastRunPending = e.Bool("LastRunPending") ?? false,
            ClaimedAt = e.Time("ClaimedAt"),
            LastError = e.Text("LastError"),
            SkippedThrough = e.Time("SkippedThrough"),
            ETag = e.ETagText(),
        };
    }
}
