using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServerlessLoad.Core.Messages;

namespace ServerlessLoad.Storage.Pipeline;

public sealed record QueueListenerOptions
{
    /// <summary>Messages handled at once (the Functions host's batchSize + newBatchThreshold, simplified).</summary>
    public int MaxConcurrency { get; init; } = 16;

    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxDequeueCount { get; init; } = 5;

    public TimeSpan MinPollingInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Delay before a failed message is visible again (Functions' visibilityTimeout setting).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);
}

/// <summary>What a handler learns about the delivery it handles.</summary>
public sealed record Delivery(string MessageId, long DequeueCount, DateTimeOffset InsertedOn);

/// <summary>
/// A queue trigger with Azure Functions semantics: polling with exponential backoff while the queue is empty, up to
/// <see cref="QueueListenerOptions.MaxConcurrency"/> messages in flight, the visibility lease renewed while a handler
/// runs, a failed message retried until its dequeue count reaches the maximum, then moved to "&lt;queue&gt;-poison" and
/// reported through the poison callback. A message is deleted only after its handler completed.
/// </summary>
public sealed class QueueListener<T> : BackgroundService
{
    private readonly QueueClient queue;
    private readonly QueueClient poisonQueue;
    private readonly Func<T, Delivery, CancellationToken, Task> handler;
    private readonly Func<T?, string, CancellationToken, Task> onPoison;
    private readonly QueueListenerOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly SemaphoreSlim slots;

    public QueueListener(
        QueueClient queue,
        QueueClient poisonQueue,
        Func<T, Delivery, CancellationToken, Task> handler,
        Func<T?, string, CancellationToken, Task> onPoison,
        QueueListenerOptions options,
        TimeProvider time,
        ILogger logger)
    {
        this.queue = queue;
        this.poisonQueue = poisonQueue;
        this.handler = handler;
        this.onPoison = onPoison;
        this.options = options;
        this.time = time;
        this.logger = logger;
        slots = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
    }

    public string QueueName => queue.Name;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var inFlight = new List<Task>();
        var delay = options.MinPollingInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            inFlight.RemoveAll(t => t.IsCompleted);
            await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
            var free = slots.CurrentCount + 1;
            IReadOnlyList<QueueMessage> messages;
            try
            {
                messages = await queue.ReceiveAsync(Math.Min(32, free), options.VisibilityTimeout, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                slots.Release();
                break;
            }
            catch (Exception e)
            {
                slots.Release();
                logger.LogWarning("Polling {Queue} failed ({Error}); retrying in {Delay}.", queue.Name, e.Message, delay);
                await Sleep(delay, stoppingToken).ConfigureAwait(false);
                delay = Backoff(delay);
                continue;
            }

            if (messages.Count == 0)
            {
                slots.Release();
                await Sleep(delay, stoppingToken).ConfigureAwait(false);
                delay = Backoff(delay);
                continue;
            }

            delay = options.MinPollingInterval;

            // One slot is held already; take one more per extra message (receive asked for no more than were free).
            for (var i = 1; i < messages.Count; i++)
            {
                await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
            }

            foreach (var message in messages)
            {
                inFlight.Add(ProcessAndReleaseAsync(message, stoppingToken));
            }
        }

        await Task.WhenAll(inFlight).ConfigureAwait(false);
    }

    private async Task ProcessAndReleaseAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            await ProcessAsync(message, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Unexpected failure around message {Id} of {Queue}.", message.MessageId, queue.Name);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        T decoded;
        try
        {
            decoded = MessageCodec.Decode<T>(message.Text);
        }
        catch (Exception e) when (e is JsonException or FormatException or NotSupportedException)
        {
            await PoisonAsync(message, default, $"undecodable {typeof(T).Name}: {e.Message}").ConfigureAwait(false);
            return;
        }

        var lease = new Lease(message);
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewTask = RenewAsync(lease, renewal.Token);
        Exception? failure = null;
        try
        {
            await handler(decoded, new Delivery(message.MessageId, message.DequeueCount, message.InsertedOn), stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: make the message visible again at once so another instance picks it up.
            await renewal.CancelAsync().ConfigureAwait(false);
            await SafeAsync(() => queue.UpdateVisibilityAsync(lease.Current, TimeSpan.Zero, CancellationToken.None)).ConfigureAwait(false);
            return;
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            await renewal.CancelAsync().ConfigureAwait(false);
            await renewTask.ConfigureAwait(false);
        }

        if (failure is null)
        {
            await queue.DeleteAsync(lease.Current, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        if (message.DequeueCount >= options.MaxDequeueCount)
        {
            await PoisonAsync(lease.Current, decoded, $"failed {message.DequeueCount} times; last error: {failure.Message}").ConfigureAwait(false);
            return;
        }

        logger.LogWarning("Handler for {Queue} failed (attempt {Attempt}): {Error}", queue.Name, message.DequeueCount, failure.Message);
        await SafeAsync(() => queue.UpdateVisibilityAsync(lease.Current, options.RetryDelay, CancellationToken.None)).ConfigureAwait(false);
    }

    private async Task PoisonAsync(QueueMessage message, T? decoded, string reason)
    {
        logger.LogError("Moving message {Id} of {Queue} to {Poison}: {Reason}", message.MessageId, queue.Name, poisonQueue.Name, reason);
        await poisonQueue.SendAsync(message.Text, null, null, CancellationToken.None).ConfigureAwait(false);
        await queue.DeleteAsync(message, CancellationToken.None).ConfigureAwait(false);
        await SafeAsync(() => onPoison(decoded, $"{queue.Name} message moved to {poisonQueue.Name}: {reason}", CancellationToken.None)).ConfigureAwait(false);
    }

    /// <summary>
    /// Keeps the message invisible while its handler runs. A failed renewal (storage unreachable) is retried every
    /// second until the handler ends: the lease survives an outage shorter than the visibility timeout. Only a refusal
    /// that means the lease is gone for good (the message was received again or deleted) ends the renewals.
    /// </summary>
    private async Task RenewAsync(Lease lease, CancellationToken ct)
    {
        var period = options.VisibilityTimeout / 3;
        var retry = TimeSpan.FromTicks(Math.Min(period.Ticks, TimeSpan.FromSeconds(1).Ticks));
        var wait = period;
        try
        {
            while (true)
            {
                await Task.Delay(wait, time, ct).ConfigureAwait(false);
                try
                {
                    lease.Current = await queue.UpdateVisibilityAsync(lease.Current, options.VisibilityTimeout, ct).ConfigureAwait(false);
                    wait = period;
                }
                catch (StorageException e) when (e.Status is 400 or 404)
                {
                    logger.LogWarning("The lease of message {Id} on {Queue} is gone ({Error}); no more renewals.", lease.Current.MessageId, queue.Name, e.Message);
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Renewing the lease of message {Id} on {Queue} failed ({Error}); retrying.", lease.Current.MessageId, queue.Name, e.Message);
                    wait = retry;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SafeAsync(Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogWarning("{Queue}: {Error}", queue.Name, e.Message);
        }
    }

    private TimeSpan Backoff(TimeSpan delay) => TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxPollingInterval.Ticks));

    private async Task Sleep(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, time, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The message as last renewed: each visibility update returns a new pop receipt.</summary>
    private sealed class Lease(QueueMessage message)
    {
        public QueueMessage Current { get; set; } = message;
    }
}
