using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Functions.AbortOnFail;

/// <summary>Runs the <see cref="AbortMonitor"/> every AbortCheckIntervalSeconds; a failed scan is logged and retried next time.</summary>
public sealed class AbortOnFailService(AbortMonitor monitor, PipelineSettings settings, TimeProvider time, ILogger<AbortOnFailService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.AbortCheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await monitor.ScanAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("abortOnFail scan failed ({Error}); trying again in {Interval}.", e.Message, settings.AbortCheckInterval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

public static class AbortOnFailRegistration
{
    public static IServiceCollection AddAbortOnFail(this IServiceCollection services)
    {
        services.AddSingleton<AbortMonitor>();
        services.AddHostedService<AbortOnFailService>();
        return services;
    }
}
