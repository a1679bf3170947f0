using Microsoft.Extensions.Logging;
using ServerlessLoad.Functions.Schedules;
using ServerlessLoad.Storage.Pipeline;
using ServerlessLoad.Storage.Schedules;

namespace ServerlessLoad.Functions.Hosting;

public static class ScheduleRegistration
{
    public const string TimerName = "schedule-runner";

    /// <summary>Schedules: their store and catalog, the runner function, and its timer trigger (unless turned off).</summary>
    public static IServiceCollection AddSchedules(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = ScheduleSettings.Read(configuration);
        services.AddSingleton(settings);
        services.AddSingleton(sp => new ScheduleStore(sp.GetRequiredService<PipelineStore>().Account, settings.SchedulesTable));
        services.AddSingleton<ScheduleCatalog>();
        services.AddSingleton<ScheduleRunnerFunction>();
        services.AddHostedService<ScheduleStorageInitializer>();
        if (settings.TimerEnabled)
        {
            var tick = settings.TickCron;
            services.AddSingleton<IHostedService>(sp =>
            {
                var runner = sp.GetRequiredService<ScheduleRunnerFunction>();
                return new TimerTrigger(
                    TimerName,
                    tick,
                    (t, ct) => runner.RunAsync(t, ct),
                    sp.GetRequiredService<PipelineStore>().Account.GetContainer(settings.LocksContainer),
                    new TimerTriggerOptions(),
                    sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<ILoggerFactory>().CreateLogger($"Timer.{TimerName}"));
            });
        }

        return services;
    }
}

/// <summary>Creates the Schedules table, the plans container and the locks container, waiting for storage to come up.</summary>
internal sealed class ScheduleStorageInitializer(
    ScheduleStore store,
    PipelineStore pipeline,
    ScheduleSettings settings,
    ILogger<ScheduleStorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
                await pipeline.Account.GetContainer(settings.LocksContainer).CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (attempt < 30 && e is not OperationCanceledException)
            {
                logger.LogWarning("Storage not ready for schedules ({Error}); retrying.", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
