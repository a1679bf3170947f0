using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Runner.Slices;
using ServerlessLoad.Storage;
using ServerlessLoad.Storage.Pipeline;
using ServerlessLoad.Storage.Triggers;

namespace ServerlessLoad.Runner;

public static class RunnerServices
{
    /// <summary>
    /// A competing consumer of the slices queue: one slice at a time while other runners are idle, up to
    /// MaxSlicesPerRunner when none is (<see cref="SliceAdmission"/>).
    /// </summary>
    public static IServiceCollection AddRunner(this IServiceCollection services, PipelineSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new PipelineStore(StorageClients.FromSettings(settings.StorageAccountName, settings.StorageConnectionString, FailFast), settings.Queues));
        services.AddSingleton<SliceWorker>();
        services.AddHostedService<StorageInitializer>();
        services.AddSingleton<IHostedService>(sp =>
        {
            var store = sp.GetRequiredService<PipelineStore>();
            var worker = sp.GetRequiredService<SliceWorker>();
            var time = sp.GetRequiredService<TimeProvider>();
            var admission = new SliceAdmission(store.Queue(settings.Queues.Slices), settings.MaxSlicesPerRunner, time);
            return new QueueListener(
                store.Queue(settings.Queues.Slices),
                store.Queue(QueueNames.Poison(settings.Queues.Slices)),
                (delivery, ct) => worker.RunAsync(Decode(delivery), delivery, ct),
                (delivery, reason, ct) => MarkSliceFailedAsync(store, time, TryDecode(delivery), reason, ct),
                new QueueListenerOptions
                {
                    BatchSize = settings.MaxSlicesPerRunner,
                    VisibilityTimeout = settings.VisibilityTimeout,
                    MaxDequeueCount = settings.MaxDequeueCount,
                    MaxPollingInterval = settings.MaxPollingInterval,
                    Admit = admission.AdmitAsync,
                },
                time,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("Runner.slices"));
        });
        return services;
    }

    /// <summary>
    /// A runner writes every second and keeps what it measured through outages itself: a request fails fast (one short
    /// retry, a 5 s timeout) so that once storage is back the next second's heartbeat goes out on time.
    /// </summary>
    private static void FailFast(Azure.Core.RetryOptions retry)
    {
        retry.MaxRetries = 1;
        retry.Delay = TimeSpan.FromMilliseconds(200);
        retry.MaxDelay = TimeSpan.FromSeconds(1);
        retry.NetworkTimeout = TimeSpan.FromSeconds(5);
    }

    private static SliceMessage Decode(Delivery delivery)
    {
        try
        {
            return MessageCodec.Decode<SliceMessage>(delivery.Text);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or NotSupportedException)
        {
            throw new UndecodableMessageException($"undecodable {nameof(SliceMessage)}: {e.Message}", e);
        }
    }

    private static SliceMessage? TryDecode(Delivery delivery)
    {
        try
        {
            return Decode(delivery);
        }
        catch (UndecodableMessageException)
        {
            return null;
        }
    }

    /// <summary>A slice message that failed for good fails its slice, so the run still finishes (as errored).</summary>
    private static async Task MarkSliceFailedAsync(PipelineStore store, TimeProvider time, SliceMessage? message, string reason, CancellationToken ct)
    {
        if (message is null)
        {
            return;
        }

        var slice = await store.GetSliceAsync(message.RunId, message.Index, ct).ConfigureAwait(false);
        if (slice is not null && !SliceStatus.IsTerminal(slice.Status))
        {
            slice.Status = SliceStatus.Failed;
            slice.Error = reason;
            slice.EndedAt = time.GetUtcNow();
            await store.TryUpdateSliceAsync(slice, ct).ConfigureAwait(false);
        }

        await store.SendAsync(
            store.QueueNames.SliceEvents,
            new SliceEventMessage(message.RunId, message.Index, slice?.Attempt ?? 0, SliceStatus.Failed, slice?.Requests ?? 0, slice?.Failures ?? 0, reason),
            null,
            ct).ConfigureAwait(false);
    }
}
