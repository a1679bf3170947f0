using Microsoft.Azure.Functions.Worker;
using ServerlessLoad.Functions.Hosting;

namespace ServerlessLoad.Functions.AbortOnFail;

/// <summary>Runs the <see cref="AbortMonitor"/> on its timer; a failed scan is logged and the next tick tries again.</summary>
public sealed class AbortOnFailFunction(AbortMonitor monitor, ILogger<AbortOnFailFunction> logger)
{
    [Function("AbortOnFail")]
    public async Task RunAsync([TimerTrigger(Bindings.AbortCheckTick)] TimerInfo timer, CancellationToken ct)
    {
        try
        {
            await monitor.ScanAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("abortOnFail scan failed ({Error}); the next tick tries again.", e.Message);
        }
    }
}
