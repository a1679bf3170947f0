using ServerlessLoad.Core.Runs;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Functions.Hosting;

/// <summary>A message that failed for good errors its run, with the reason, so no run waits forever on it.</summary>
public sealed class PoisonHandling(PipelineStore store, TimeProvider time)
{
    public async Task MarkRunErroredAsync(string? runId, string reason, CancellationToken ct)
    {
        if (runId is null)
        {
            return;
        }

        await store.UpdateRunAsync(
            runId,
            r =>
            {
                if (RunStatus.IsFinal(r.Status))
                {
                    return false;
                }

                r.Status = RunStatus.Errored;
                r.Error = reason;
                r.EndedAt ??= time.GetUtcNow();
                return true;
            },
            ct).ConfigureAwait(false);
    }
}
