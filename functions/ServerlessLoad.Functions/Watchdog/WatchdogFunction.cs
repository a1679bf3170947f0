using Microsoft.Azure.Functions.Worker;
using ServerlessLoad.Functions.Hosting;

namespace ServerlessLoad.Functions.Watchdog;

/// <summary>Runs the <see cref="RunWatchdog"/> on its timer; a failed scan is logged and the next tick tries again.</summary>
public sealed class WatchdogFunction(RunWatchdog watchdog, ILogger<WatchdogFunction> logger)
{
    [Function("Watchdog")]
    public async Task RunAsync([TimerTrigger(Bindings.WatchdogTick)] TimerInfo timer, CancellationToken ct)
    {
        try
        {
            await watchdog.ScanAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Watchdog scan failed ({Error}); the next tick tries again.", e.Message);
        }
    }
}
