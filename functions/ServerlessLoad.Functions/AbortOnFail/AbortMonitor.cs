using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Core.Thresholds;
using ServerlessLoad.Functions.CancelRun;
using ServerlessLoad.Functions.Live;
using ServerlessLoad.Reports;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Functions.AbortOnFail;

/// <summary>
/// Stops runs whose abortOnFail thresholds fail. Every scan takes the running runs, and for those whose plan has such
/// thresholds, merges the seconds every slice has stored so far and judges the thresholds on them
/// (<see cref="AbortJudge"/>); the first one violated cancels the run through <see cref="CancelRunFunction.AbortAsync"/>,
/// with the threshold and second as the reason, so runners stop and the run is reported (as failed) with what it
/// measured. The judging state is this host's memory: another host, or this one after a restart, rebuilds it from the
/// rows, and the run row's ETag lets only one of them record the abort.
/// </summary>
public sealed class AbortMonitor(PipelineStore store, CancelRunFunction cancel, TimeProvider time, ILogger<AbortMonitor> logger)
{
    /// <summary>Per running run: its judging state, or null when its plan has no abortOnFail threshold.</summary>
    private readonly Dictionary<string, (RunProgress Progress, AbortWatch Watch)?> runs = new(StringComparer.Ordinal);

    /// <summary>The aborts this scan recorded.</summary>
    public async Task<IReadOnlyList<RunAbort>> ScanAsync(CancellationToken ct)
    {
        var running = await store.ListRunsInStatusAsync([RunStatus.Running], ct).ConfigureAwait(false);
        var aborted = new List<RunAbort>();
        foreach (var run in running.Where(r => r.CancelRequestedAt is null && r.StartAt is not null))
        {
            if (await CheckAsync(run, ct).ConfigureAwait(false) is { } abort)
            {
                aborted.Add(abort);
            }
        }

        foreach (var gone in runs.Keys.Where(id => running.All(r => r.RunId != id || r.CancelRequestedAt is not null)).ToList())
        {
            runs.Remove(gone);
        }

        return aborted;
    }

    private async Task<RunAbort?> CheckAsync(RunRecord run, CancellationToken ct)
    {
        if (!runs.TryGetValue(run.RunId, out var progress))
        {
            progress = await ProgressForAsync(run.RunId, ct).ConfigureAwait(false);
            runs[run.RunId] = progress;
        }

        if (progress is not { } found)
        {
            return null;
        }

        var (reader, watch) = found;

        var slices = await store.GetSlicesAsync(run.RunId, ct).ConfigureAwait(false);
        await reader.CatchUpAsync(store, run.RunId, slices, ct).ConfigureAwait(false);
        var elapsed = time.GetUtcNow() - run.StartAt!.Value;
        if (watch.Check(elapsed) is not { } abort)
        {
            return null;
        }

        var result = await cancel.AbortAsync(run.RunId, abort, ct).ConfigureAwait(false);
        if (!result.Recorded)
        {
            return null;
        }

        logger.LogWarning("Run {RunId} aborted: {Reason}.", run.RunId, abort.Reason);
        return abort;
    }

    private async Task<(RunProgress, AbortWatch)?> ProgressForAsync(string runId, CancellationToken ct)
    {
        var text = await store.GetPlanAsync(runId, ct).ConfigureAwait(false);
        var plan = text is null ? null : PlanParser.Parse(text).Plan;
        var watch = plan is null ? null : new AbortWatch(plan);
        return watch is null || watch.Rules.Count == 0 ? null : (new RunProgress(watch.Add), watch);
    }
}
