using Microsoft.Azure.Functions.Worker;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Functions.Hosting;
using ServerlessLoad.Storage.Pipeline;
using ServerlessLoad.Telemetry;

namespace ServerlessLoad.Functions.PlanRun;

/// <summary>
/// run-requests: fixes the run's common start (now + lead time), creates one row per slice and fans the slices out.
/// A repeated delivery finds the run past "queued"/"planning" and changes nothing; a delivery repeated after a crash
/// mid-fan-out may enqueue a slice twice, which runners discard because a slice is claimed through its row's ETag.
/// </summary>
public sealed class PlanRunFunction(
    PipelineStore store,
    PipelineSettings settings,
    DeliveryFailures failures,
    TimeProvider time,
    ILogger<PlanRunFunction> logger)
{
    [Function("PlanRun")]
    public async Task RunAsync([QueueTrigger(Bindings.RunRequestsQueue, Connection = Bindings.Connection)] RunRequestMessage message, CancellationToken ct)
    {
        using var span = PipelineTelemetry.StartConsumer("PlanRun", message.TraceParent, message.RunId);
        try
        {
            await PlanAsync(message, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            PipelineTelemetry.Fail(span, e);
            await failures.RecordAsync(message.RunId, "PlanRun", e).ConfigureAwait(false);
            throw;
        }
    }

    private async Task PlanAsync(RunRequestMessage message, CancellationToken ct)
    {
        var (run, _) = await store.UpdateRunAsync(
            message.RunId,
            r =>
            {
                if (r.Status != RunStatus.Queued)
                {
                    return false;
                }

                r.Status = RunStatus.Planning;
                r.StartAt ??= time.GetUtcNow() + settings.LeadTime;
                return true;
            },
            ct).ConfigureAwait(false);

        if (run is null)
        {
            logger.LogWarning("Run {RunId} does not exist; nothing to plan.", message.RunId);
            return;
        }

        if (run.Status != RunStatus.Planning)
        {
            return;
        }

        var text = await store.GetPlanAsync(run.RunId, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The plan of run {run.RunId} is missing from blob storage.");
        var parsed = PlanParser.Parse(text);
        if (!parsed.IsValid)
        {
            throw new InvalidOperationException($"The stored plan of run {run.RunId} is invalid: {string.Join("; ", parsed.Problems)}");
        }

        var count = parsed.Plan!.Slices;
        for (var i = 0; i < count; i++)
        {
            await store.CreateSliceIfMissingAsync(new SliceRecord { RunId = run.RunId, Index = i, Status = SliceStatus.Pending }, ct).ConfigureAwait(false);
        }

        var startAt = run.StartAt!.Value;
        await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            store.SendAsync(store.QueueNames.Slices, new SliceMessage(run.RunId, i, count, startAt), null, ct))).ConfigureAwait(false);

        await store.UpdateRunAsync(
            run.RunId,
            r =>
            {
                if (r.Status != RunStatus.Planning)
                {
                    return false;
                }

                r.Status = RunStatus.Running;
                return true;
            },
            ct).ConfigureAwait(false);
        logger.LogInformation("Run {RunId}: {Count} slices start at {StartAt:O}.", run.RunId, count, startAt);
    }
}
