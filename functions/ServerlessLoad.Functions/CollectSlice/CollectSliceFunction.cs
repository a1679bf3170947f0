using Microsoft.Azure.Functions.Worker;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Functions.Hosting;
using ServerlessLoad.Storage.Pipeline;
using ServerlessLoad.Telemetry;

namespace ServerlessLoad.Functions.CollectSlice;

/// <summary>
/// slice-events: when every slice of a run is terminal, moves the run to "reporting" and requests its report. Only the
/// delivery whose conditional update wins that transition sends the report request, so it is sent exactly once.
/// Counts are recomputed from the slice rows, never incremented from events. Every terminal status counts as done
/// (completed, failed, lost, cancelled); slices that failed or were lost are named in the run's error.
/// </summary>
public sealed class CollectSliceFunction(PipelineStore store, DeliveryFailures failures, ILogger<CollectSliceFunction> logger)
{
    [Function("CollectSlice")]
    public async Task RunAsync([QueueTrigger(Bindings.SliceEventsQueue, Connection = Bindings.Connection)] SliceEventMessage message, CancellationToken ct)
    {
        using var span = PipelineTelemetry.StartConsumer("CollectSlice", message.TraceParent, message.RunId)
            ?.SetTag("sload.slice", message.Index).SetTag("sload.slice_status", message.Status);
        try
        {
            await CollectAsync(message, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            PipelineTelemetry.Fail(span, e);
            await failures.RecordAsync(message.RunId, "CollectSlice", e).ConfigureAwait(false);
            throw;
        }
    }

    private async Task CollectAsync(SliceEventMessage message, CancellationToken ct)
    {
        var slices = await store.GetSlicesAsync(message.RunId, ct).ConfigureAwait(false);
        var (run, changed) = await store.UpdateRunAsync(
            message.RunId,
            r =>
            {
                if (r.Status is not (RunStatus.Running or RunStatus.Planning))
                {
                    return false;
                }

                var requests = slices.Sum(s => s.Requests);
                var failures = slices.Sum(s => s.Failures);
                var allDone = slices.Count >= r.SliceCount && slices.All(s => SliceStatus.IsTerminal(s.Status));
                if (!allDone)
                {
                    if (r.Requests == requests && r.Failures == failures)
                    {
                        return false;
                    }

                    r.Requests = requests;
                    r.Failures = failures;
                    return true;
                }

                r.Status = RunStatus.Reporting;
                r.Error ??= BrokenSlices(slices);
                r.Requests = requests;
                r.Failures = failures;
                r.EndedAt = slices.Max(s => s.EndedAt) ?? r.EndedAt;
                return true;
            },
            ct).ConfigureAwait(false);

        if (run is null)
        {
            logger.LogWarning("Slice event for unknown run {RunId}.", message.RunId);
            return;
        }

        if (changed && run.Status == RunStatus.Reporting)
        {
            await store.SendAsync(store.QueueNames.Reports, new ReportMessage(run.RunId), null, ct).ConfigureAwait(false);
            logger.LogInformation("Run {RunId}: all {Count} slices done; report requested.", run.RunId, slices.Count);
        }
    }

    private static string? BrokenSlices(IReadOnlyList<SliceRecord> slices)
    {
        var broken = slices.Where(s => s.Status is SliceStatus.Lost or SliceStatus.Failed).ToList();
        return broken.Count == 0
            ? null
            : string.Join("; ", broken.Select(s => $"slice {s.Index} {s.Status}" + (s.Error is null ? string.Empty : $": {s.Error}")));
    }
}
