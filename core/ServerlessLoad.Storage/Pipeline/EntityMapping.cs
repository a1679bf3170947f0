using System.Globalization;

namespace ServerlessLoad.Storage.Pipeline;

/// <summary>Maps pipeline records to and from table entities; keys are deterministic so every write is idempotent.</summary>
internal static class EntityMapping
{
    public const string RunsPartition = "run";

    public static string SliceRowKey(int index) => index.ToString("D5", CultureInfo.InvariantCulture);

    public static string IntervalPartition(string runId, int slice) => $"{runId}-{slice.ToString("D5", CultureInfo.InvariantCulture)}";

    public static string SecondRowKey(long second) => second.ToString("D7", CultureInfo.InvariantCulture);

    public static TableEntity ToEntity(RunRecord run)
    {
        var e = new TableEntity(RunsPartition, run.RunId)
        {
            ["PlanName"] = run.PlanName,
            ["Status"] = run.Status,
            ["CreatedAt"] = run.CreatedAt,
            ["Trigger"] = run.Trigger,
            ["SliceCount"] = run.SliceCount,
            ["PlannedSeconds"] = run.PlannedSeconds,
            ["Requests"] = run.Requests,
            ["Failures"] = run.Failures,
        };
        SetIfNotNull(e, "StartAt", run.StartAt);
        SetIfNotNull(e, "EndedAt", run.EndedAt);
        SetIfNotNull(e, "Error", run.Error);
        SetIfNotNull(e, "ReportStage", run.ReportStage);
        SetIfNotNull(e, "ReportedAt", run.ReportedAt);
        SetIfNotNull(e, "BaselineRunId", run.BaselineRunId);
        SetIfNotNull(e, "CancelRequestedAt", run.CancelRequestedAt);
        SetIfNotNull(e, "AbortedBy", run.AbortedBy);
        SetIfNotNull(e, "AbortedAtSecond", run.AbortedAtSecond);
        SetIfNotNull(e, "AbortReason", run.AbortReason);
        return e;
    }

    public static RunRecord ToRun(TableEntity e) => new()
    {
        RunId = e.RowKey,
        PlanName = e.GetString("PlanName") ?? string.Empty,
        Status = e.GetString("Status") ?? string.Empty,
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        Trigger = e.GetString("Trigger") ?? "api",
        SliceCount = e.GetInt32("SliceCount") ?? 0,
        PlannedSeconds = e.GetDouble("PlannedSeconds") ?? 0,
        Requests = e.GetInt64("Requests") ?? 0,
        Failures = e.GetInt64("Failures") ?? 0,
        StartAt = e.GetDateTimeOffset("StartAt"),
        EndedAt = e.GetDateTimeOffset("EndedAt"),
        Error = e.GetString("Error"),
        ReportStage = e.GetString("ReportStage"),
        ReportedAt = e.GetDateTimeOffset("ReportedAt"),
        BaselineRunId = e.GetString("BaselineRunId"),
        CancelRequestedAt = e.GetDateTimeOffset("CancelRequestedAt"),
        AbortedBy = e.GetString("AbortedBy"),
        AbortedAtSecond = e.GetInt64("AbortedAtSecond"),
        AbortReason = e.GetString("AbortReason"),
        ETag = e.ETag,
    };

    public static TableEntity ToEntity(SliceRecord slice)
    {
        var e = new TableEntity(slice.RunId, SliceRowKey(slice.Index))
        {
            ["Index"] = slice.Index,
            ["Status"] = slice.Status,
            ["Attempt"] = slice.Attempt,
            ["Requests"] = slice.Requests,
            ["Failures"] = slice.Failures,
            ["ResumeFrom"] = slice.ResumeFrom,
        };
        SetIfNotNull(e, "Runner", slice.Runner);
        SetIfNotNull(e, "MessageId", slice.MessageId);
        SetIfNotNull(e, "FlushedThrough", slice.FlushedThrough);
        SetIfNotNull(e, "StartedAt", slice.StartedAt);
        SetIfNotNull(e, "EndedAt", slice.EndedAt);
        SetIfNotNull(e, "Heartbeat", slice.Heartbeat);
        SetIfNotNull(e, "Error", slice.Error);
        return e;
    }

    public static SliceRecord ToSlice(TableEntity e) => new()
    {
        RunId = e.PartitionKey,
        Index = e.GetInt32("Index") ?? int.Parse(e.RowKey, CultureInfo.InvariantCulture),
        Status = e.GetString("Status") ?? string.Empty,
        Attempt = e.GetInt32("Attempt") ?? 0,
        Runner = e.GetString("Runner"),
        StartedAt = e.GetDateTimeOffset("StartedAt"),
        EndedAt = e.GetDateTimeOffset("EndedAt"),
        Heartbeat = e.GetDateTimeOffset("Heartbeat"),
        Requests = e.GetInt64("Requests") ?? 0,
        Failures = e.GetInt64("Failures") ?? 0,
        Error = e.GetString("Error"),
        MessageId = e.GetString("MessageId"),
        ResumeFrom = e.GetInt64("ResumeFrom") ?? 0,
        FlushedThrough = e.GetInt64("FlushedThrough"),
        ETag = e.ETag,
    };

    private static void SetIfNotNull(TableEntity e, string key, object? value)
    {
        if (value is not null)
        {
            e[key] = value;
        }
    }
}
