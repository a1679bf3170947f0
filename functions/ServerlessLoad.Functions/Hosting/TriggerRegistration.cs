using Microsoft.Extensions.Logging;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Functions.BuildReport;
using ServerlessLoad.Functions.CollectSlice;
using ServerlessLoad.Functions.PlanRun;
using ServerlessLoad.Functions.StartRun;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Functions.Hosting;

public static class TriggerRegistration
{
    /// <summary>Storage, settings and the function classes.</summary>
    public static IServiceCollection AddPipeline(this IServiceCollection services, PipelineSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new PipelineStore(settings.OpenAccount(), settings.Queues));
        services.AddSingleton<PoisonHandling>();
        services.AddSingleton<StartRunFunction>();
        services.AddSingleton<PlanRunFunction>();
        services.AddSingleton<CollectSliceFunction>();
        services.AddSingleton<BuildReportFunction>();
        services.AddSingleton<BaselineFinder>();
        services.AddSingleton(sp => new ChartImages(sp.GetRequiredService<ILogger<ChartImages>>(), settings.PngCharts));
        services.AddSingleton<CancelRun.CancelRunFunction>();
        services.AddHostedService<StorageInitializer>();
        services.AddHostedService<ChartImagesWarmUp>();
        return services;
    }

    /// <summary>The queue triggers: run-requests -> PlanRun, slice-events -> CollectSlice, reports -> BuildReport.</summary>
    public static IServiceCollection AddQueueTriggers(this IServiceCollection services, PipelineSettings settings)
    {
        services.AddQueueTrigger<RunRequestMessage, PlanRunFunction>(settings, settings.Queues.RunRequests, (f, m, d, ct) => f.RunAsync(m, d, ct), m => m.RunId);
        services.AddQueueTrigger<SliceEventMessage, CollectSliceFunction>(settings, settings.Queues.SliceEvents, (f, m, d, ct) => f.RunAsync(m, d, ct), m => m.RunId);
        services.AddQueueTrigger<ReportMessage, BuildReportFunction>(settings, settings.Queues.Reports, (f, m, d, ct) => f.RunAsync(m, d, ct), m => m.RunId);
        return services;
    }

    private static void AddQueueTrigger<TMessage, TFunction>(
        this IServiceCollection services,
        PipelineSettings settings,
        string queue,
        Func<TFunction, TMessage, Delivery, CancellationToken, Task> invoke,
        Func<TMessage, string> runIdOf)
        where TFunction : notnull
    {
        services.AddSingleton<IHostedService>(sp =>
        {
            var store = sp.GetRequiredService<PipelineStore>();
            var function = sp.GetRequiredService<TFunction>();
            var poison = sp.GetRequiredService<PoisonHandling>();
            return new QueueListener<TMessage>(
                store.Queue(queue),
                store.Queue(QueueNames.Poison(queue)),
                (m, d, ct) => invoke(function, m, d, ct),
                (m, reason, ct) => poison.MarkRunErroredAsync(m is null ? null : runIdOf(m), reason, ct),
                new QueueListenerOptions
                {
                    MaxConcurrency = settings.QueueBatchSize,
                    VisibilityTimeout = settings.VisibilityTimeout,
                    MaxDequeueCount = settings.MaxDequeueCount,
                    MaxPollingInterval = settings.MaxPollingInterval,
                },
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger($"Trigger.{queue}"));
        });
    }
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
