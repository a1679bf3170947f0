using Microsoft.Extensions.DependencyInjection.Extensions;
using ServerlessLoad.Functions.AbortOnFail;
using ServerlessLoad.Functions.BuildReport;
using ServerlessLoad.Functions.CancelRun;
using ServerlessLoad.Functions.CollectSlice;
using ServerlessLoad.Functions.PlanRun;
using ServerlessLoad.Functions.Schedules;
using ServerlessLoad.Functions.StartRun;
using ServerlessLoad.Functions.Watchdog;
using ServerlessLoad.Storage;
using ServerlessLoad.Storage.Pipeline;
using ServerlessLoad.Storage.Schedules;

namespace ServerlessLoad.Functions.Hosting;

/// <summary>What the functions need, registered the same way by the Functions worker and by the local host.</summary>
public static class ServerlessLoadServices
{
    public static IServiceCollection AddServerlessLoad(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.ReadPipelineSettings();
        var schedules = ScheduleSettings.Read(configuration);
        services.AddSingleton(settings);
        services.AddSingleton(schedules);
        services.AddSingleton(HostSettings.Read(configuration));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => settings.OpenStorage());
        services.AddSingleton(sp => new PipelineStore(sp.GetRequiredService<StorageClients>(), settings.Queues));
        services.AddSingleton(sp => new ScheduleStore(sp.GetRequiredService<StorageClients>(), schedules.SchedulesTable));

        services.AddSingleton(Api.Edge.ApiEdgeSettings.Read(configuration));
        services.AddSingleton<Api.Edge.ApiEdge>();
        services.AddSingleton<DeliveryFailures>();
        services.AddSingleton<StartRunFunction>();
        services.AddSingleton<PlanRunFunction>();
        services.AddSingleton<CollectSliceFunction>();
        services.AddSingleton<BuildReportFunction>();
        services.AddSingleton<BaselineFinder>();
        services.AddSingleton<CancelRunFunction>();
        services.AddSingleton<ScheduleCatalog>();
        services.AddSingleton<ScheduleRunnerFunction>();

        // Stateful between ticks (what they saw last time), so one per host.
        services.AddSingleton<RunWatchdog>();
        services.AddSingleton<AbortMonitor>();

        services.AddSingleton(sp => new ChartImages(sp.GetRequiredService<ILogger<ChartImages>>(), settings.PngCharts));
        services.AddHostedService<ChartImagesWarmUp>();
        services.AddHostedService<FunctionsStorageInitializer>();
        return services;
    }
}

/// <summary>
/// Creates the pipeline's tables, containers and queues, the schedules' table and the timers' locks container once at
/// start-up, retrying while storage is not up yet.
/// </summary>
internal sealed class FunctionsStorageInitializer(
    PipelineStore pipeline,
    ScheduleStore schedules,
    ScheduleSettings settings,
    ILogger<FunctionsStorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await pipeline.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
                await schedules.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
                await pipeline.Clients.GetContainer(settings.LocksContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                await StorageInitializer.WarmUpAsync(pipeline, logger, cancellationToken).ConfigureAwait(false);
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
}

/// <summary>Draws a first chart in the background when the host starts (and reports a missing font).</summary>
internal sealed class ChartImagesWarmUp(ChartImages images) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = images.WarmUpAsync();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
