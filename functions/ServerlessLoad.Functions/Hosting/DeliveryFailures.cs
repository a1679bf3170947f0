using ServerlessLoad.Core.Runs;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Functions.Hosting;

/// <summary>
/// How a queue message that fails for good ends its run. A function that fails records why on the run row (each
/// delivery overwrites the last); when the host has moved the message to &lt;queue&gt;-poison, the poison function
/// errors the run with that reason, so no run waits forever on a message nobody will handle.
/// </summary>
public sealed class DeliveryFailures(PipelineStore store, HostSettings host, TimeProvider time, ILogger<DeliveryFailures> logger)
{
    /// <summary>Records <paramref name="failure"/> as the run's last delivery error; a failure to record is only logged.</summary>
    public async Task RecordAsync(string runId, string function, Exception failure)
    {
        try
        {
            await store.UpdateRunAsync(
                runId,
                r =>
                {
                    r.DeliveryError = $"{function}: {failure.Message}";
                    return true;
                },
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogWarning("Run {RunId}: could not record the failure of {Function} ({Error}).", runId, function, e.Message);
        }
    }

    /// <summary>Errors the run whose message <paramref name="queue"/> gave up on, quoting the last recorded failure.</summary>
    public async Task PoisonedAsync(string runId, string queue, CancellationToken ct)
    {
        await store.UpdateRunAsync(
            runId,
            r =>
            {
                if (RunStatus.IsFinal(r.Status))
                {
                    return false;
                }

                r.Status = RunStatus.Errored;
                r.Error = $"{queue} message moved to {Core.Messages.QueueNames.Poison(queue)}: failed {host.MaxDequeueCount} times"
                    + (r.DeliveryError is null ? string.Empty : $"; last error: {r.DeliveryError}");
                r.EndedAt ??= time.GetUtcNow();
                return true;
            },
            ct).ConfigureAwait(false);
    }
}
