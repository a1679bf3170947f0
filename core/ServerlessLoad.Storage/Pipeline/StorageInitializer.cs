using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ServerlessLoad.Storage.Pipeline;

/// <summary>
/// Creates the tables, containers and queues once at start-up, retrying while storage is not up yet, then walks the
/// read paths once so the first run does not pay for compiling them.
/// </summary>
public sealed class StorageInitializer(PipelineStore store, ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
                await WarmUpAsync(store, logger, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (attempt < 30 && e is not OperationCanceledException)
            {
                logger.LogWarning("Storage not ready ({Error}); retrying.", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The read paths walked once (<see cref="PipelineStore.WarmUpAsync"/>); a failure only means they compile later.</summary>
    public static async Task WarmUpAsync(PipelineStore store, ILogger logger, CancellationToken ct)
    {
        try
        {
            await store.WarmUpAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogInformation("Warming up the storage paths failed ({Error}); they are compiled on first use instead.", e.Message);
        }
    }
}
