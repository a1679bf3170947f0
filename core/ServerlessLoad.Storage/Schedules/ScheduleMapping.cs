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
        SetIfNotNull(e, "Plan", s.Plan);
        SetIfNotNull(e, "PlanName", s.PlanName);
        SetIfNotNull(e, "LastOccurrence", s.LastOccurrence);
        SetIfNotNull(e, "LastRunId", s.LastRunId);
        SetIfNotNull(e, "ClaimedAt", s.ClaimedAt);
        SetIfNotNull(e, "LastError", s.LastError);
        SetIfNotNull(e, "SkippedThrough", s.SkippedThrough);
        return e;
    }

    public static ScheduleRecord ToRecord(TableEntity e)
    {
        var created = e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue;
        return new ScheduleRecord
        {
            Name = e.RowKey,
            Cron = e.GetString("Cron") ?? string.Empty,
            TimeZone = e.GetString("TimeZone") ?? "UTC",
            Plan = e.GetString("Plan"),
            PlanName = e.GetString("PlanName"),
            Enabled = e.GetBoolean("Enabled") ?? true,
            CreatedAt = created,
            UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? created,
            ActiveSince = e.GetDateTimeOffset("ActiveSince") ?? created,
            LastOccurrence = e.GetDateTimeOffset("LastOccurrence"),
            LastRunId = e.GetString("LastRunId"),
            LastRunPending = e.GetBoolean("LastRunPending") ?? false,
            ClaimedAt = e.GetDateTimeOffset("ClaimedAt"),
            LastError = e.GetString("LastError"),
            SkippedThrough = e.GetDateTimeOffset("SkippedThrough"),
            ETag = e.ETag,
        };
    }

    private static void SetIfNotNull(TableEntity e, string key, object? value)
    {
        if (value is not null)
        {
            e[key] = value;
        }
    }
}
