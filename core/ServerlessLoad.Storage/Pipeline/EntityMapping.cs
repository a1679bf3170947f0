using System.Globalization;
using Azure.Data.Tables;

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
        e.SetIfNotNull("StartAt", run.StartAt);
        e.SetIfNotNull("EndedAt", run.EndedAt);
        e.SetIfNotNull("Error", run.Error);
        e.SetIfNotNull("DeliveryError", run.DeliveryError);
        e.SetIfNotNull("ReportStage", run.ReportStage);
        e.SetIfNotNull("ReportedAt", run.ReportedAt);
        e.SetIfNotNull("BaselineRunId", run.BaselineRunId);
        e.SetIfNotNull("CancelRequestedAt", run.CancelRequestedAt);
        e.SetIfNotNull("AbortedBy", run.AbortedBy);
        e.SetIfNotNull("AbortedAtSecond", run.AbortedAtSecond);
        e.SetIfNotNull("AbortReason", run.AbortReason);
        return e;
    }

    public static RunRecord ToRun(TableEntity e) => new()
    {
        RunId = e.RowKey,
        PlanName = e.Text("PlanName") ?? string.Empty,
        Status = e.Text("Status") ?? string.Empty,
        CreatedAt = e.Time("CreatedAt") ?? DateTimeOffset.MinValue,
        Trigger = e.Text("Trigger") ?? "api",
        SliceCount = e.Int("SliceCount") ?? 0,
        PlannedSeconds = e.Double("PlannedSeconds") ?? 0,
        Requests = e.Long("Requests") ?? 0,
        Failures = e.Long("Failures") ?? 0,
        StartAt = e.Time("StartAt"),
        EndedAt = e.Time("EndedAt"),
        Error = e.Text("Error"),
        DeliveryError = e.Text("DeliveryError"),
        ReportStage = e.Text("ReportStage"),
        ReportedAt = e.Time("ReportedAt"),
        BaselineRunId = e.Text("BaselineRunId"),
        CancelRequestedAt = e.Time("CancelRequestedAt"),
        AbortedBy = e.Text("AbortedBy"),
        AbortedAtSecond = e.Long("AbortedAtSecond"),
        AbortReason = e.Text("AbortReason"),
        ETag = e.ETagText(),
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
        e.SetIfNotNull("Runner", slice.Runner);
        e.SetIfNotNull("MessageId", slice.MessageId);
        e.SetIfNotNull("FlushedThrough", slice.FlushedThrough);
        e.SetIfNotNull("StartedAt", slice.StartedAt);
        e.SetIfNotNull("EndedAt", slice.EndedAt);
        e.SetIfNotNull("Heartbeat", slice.Heartbeat);
        e.SetIfNotNull("HandoverRequestedAt", slice.HandoverRequestedAt);
        e.SetIfNotNull("HandoverRequestedFor", slice.HandoverRequestedFor);
        e.SetIfNotNull("Error", slice.Error);
        return e;
    }

    public static SliceRecord ToSlice(TableEntity e) => new()
    {
        RunId = e.PartitionKey,
        Index = e.Int("Index") ?? int.Parse(e.RowKey, CultureInfo.InvariantCulture),
        Status = e.Text("Status") ?? string.Empty,
        Attempt = e.Int("Attempt") ?? 0,
        Runner = e.Text("Runner"),
        StartedAt = e.Time("StartedAt"),
        EndedAt = e.Time("EndedAt"),
        Heartbeat = e.Time("Heartbeat"),
        Requests = e.Long("Requests") ?? 0,
        Failures = e.Long("Failures") ?? 0,
        Error = e.Text("Error"),
        MessageId = e.Text("MessageId"),
        ResumeFrom = e.Long("ResumeFrom") ?? 0,
        FlushedThrough = e.Long("FlushedThrough"),
        HandoverRequestedAt = e.Time("HandoverRequestedAt"),
        HandoverRequestedFor = e.Int("HandoverRequestedFor"),
        ETag = e.ETagText(),
    };
}
