using Microsoft.Azure.Functions.Worker;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Functions.Hosting;
using ServerlessLoad.Storage.Pipeline;
using ServerlessLoad.Telemetry;

namespace ServerlessLoad.Functions.PlanRun;

/// <summary>
/// run-requests: creates one row per slice, fans the slices out and opens the run's start barrier: the common start is
/// not known yet, it is set once every slice has a ready runner or the readiness timeout (<see cref="RunRecord.ReadyBy"/>)
/// passed (<see cref="Watchdog.StartBarrier"/>). A repeated delivery finds the run past "queued"/"planning" and changes
/// nothing; a delivery repeated after a crash mid-fan-out may enqueue a slice twice, which runners discard because a
/// slice is claimed through its row's ETag.
/// </summary>
public sealed class PlanRunFunction(
    PipelineStore store,
    PipelineSettings settings,
    DeliveryFailures failures,
    TimeProvider time,
    ILogger<PlanRunFunction> logger)
{
    /// <summary>Batches of slices (one row transaction, then their messages) fanned out side by side.</summary>
    private const int BatchConcurrency = 4;

    /// <summary>
    /// Slice messages in flight at once per batch, 32 in all (a queue takes thousands a second; one connection pool; a
    /// message has no batch send).
    /// </summary>
    private const int SendConcurrency = 8;

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
                r.ReadyBy ??= time.GetUtcNow() + settings.ReadinessTimeout;
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

        // Pipelined: a batch's messages go out as soon as its rows exist (a runner needs the row to claim the slice),
        // while the next batches' rows are written. The start is not in the message: runners read it from the run's
        // row once the barrier sets it.
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count).Chunk(PipelineStore.SliceRowsPerTransaction),
            new ParallelOptions { MaxDegreeOfParallelism = BatchConcurrency, CancellationToken = ct },
            async (batch, token) =>
            {
                await store.CreateSliceRowsIfMissingAsync(run.RunId, batch, token).ConfigureAwait(false);
                await Parallel.ForEachAsync(
                    batch,
                    new ParallelOptions { MaxDegreeOfParallelism = SendConcurrency, CancellationToken = token },
                    async (i, inner) => await store.SendAsync(store.QueueNames.Slices, new SliceMessage(run.RunId, i, count), null, inner).ConfigureAwait(false)).ConfigureAwait(false);
            }).ConfigureAwait(false);

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
        logger.LogInformation("Run {RunId}: {Count} slices queued; the run starts when every slice has a ready runner, or at {ReadyBy:O}.", run.RunId, count, run.ReadyBy);
    }
}
