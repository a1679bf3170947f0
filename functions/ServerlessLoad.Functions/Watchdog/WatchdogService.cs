using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Functions.Watchdog;

/// <summary>Runs the <see cref="RunWatchdog"/> every WatchdogIntervalSeconds; a failed scan is logged and retried next time.</summary>
public sealed class WatchdogService(RunWatchdog watchdog, PipelineSettings settings, TimeProvider time, ILogger<WatchdogService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.WatchdogInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await watchdog.ScanAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Watchdog scan failed ({Error}); trying again in {Interval}.", e.Message, settings.WatchdogInterval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

public static class WatchdogRegistration
{
    public static IServiceCollection AddWatchdog(this IServiceCollection services)
    {
        services.AddSingleton<RunWatchdog>();
        services.AddHostedService<WatchdogService>();
        return services;
    }
}
