using ServerlessLoad.Core.Runs;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Functions.Api;

/// <summary>A run as the API shows it. With slice rows, requests so far are summed from them (runners heartbeat counts).</summary>
public sealed record RunView(
    string RunId,
    string Name,
    string Status,
    string Trigger,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartAt,
    DateTimeOffset? EndedAt,
    DateTimeOffset? ReportedAt,
    double PlannedSeconds,
    SliceProgress Slices,
    long Requests,
    long Failures,
    string? Error,
    string? Report,
    DateTimeOffset? CancelRequestedAt = null,
    string? AbortReason = null)
{
    public static RunView From(RunRecord run, IReadOnlyList<SliceRecord>? slices)
    {
        var done = slices?.Count(s => SliceStatus.IsTerminal(s.Status));
        var requests = RunStatus.IsFinal(run.Status) || slices is null ? run.Requests : Math.Max(run.Requests, slices.Sum(s => s.Requests));
        var failures = RunStatus.IsFinal(run.Status) || slices is null ? run.Failures : Math.Max(run.Failures, slices.Sum(s => s.Failures));
        return new RunView(
            run.RunId,
            run.PlanName,
            run.Status,
            run.Trigger,
            run.CreatedAt,
            run.StartAt,
            run.EndedAt,
            run.ReportedAt,
            run.PlannedSeconds,
            new SliceProgress(done ?? (RunStatus.IsFinal(run.Status) ? run.SliceCount : 0), run.SliceCount),
            requests,
            failures,
            run.Error,
            run.ReportStage == "published" ? $"/api/runs/{run.RunId}/artifacts/report.json" : null,
            run.CancelRequestedAt,
            run.AbortReason);
    }
}

public sealed record SliceProgress(int Done, int Total);
