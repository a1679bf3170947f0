using Azure;
using Azure.Storage.Queues;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ServerlessLoad.Storage.Triggers;

/// <summary>The Azure Functions queue trigger's settings (host.json "extensions.queues"), plus the lease we hold.</summary>
public sealed record QueueListenerOptions
{
    /// <summary>Messages handled at once (the Functions host's batchSize; it fetches again when half are done).</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>How long a received message stays invisible; renewed at a third of it while its handler runs.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxDequeueCount { get; init; } = 5;

    public TimeSpan MinPollingInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Delay before a failed message is visible again (host.json's queues.visibilityTimeout).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many more messages this consumer takes now, given how many it is handling (null: as many as the batch size
    /// allows). A consumer that returns 0 leaves the messages to its peers and asks again after the polling interval.
    /// </summary>
    public Func<int, CancellationToken, ValueTask<int>>? Admit { get; init; }
}

/// <summary>One delivery of a queue message: its text and what the queue says about it.</summary>
public sealed record Delivery(string MessageId, long DequeueCount, DateTimeOffset InsertedOn, string Text);

/// <summary>A message whose body cannot be read as what the trigger expects: it goes to the poison queue at once.</summary>
public sealed class UndecodableMessageException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// A queue trigger with Azure Functions semantics: polling with exponential backoff while the queue is empty, up to
/// <see cref="QueueListenerOptions.BatchSize"/> messages in flight, the visibility lease renewed while a handler runs,
/// a failed message retried until its dequeue count reaches the maximum, then moved to "&lt;queue&gt;-poison" and
/// reported through the poison callback. A message is deleted only after its handler completed.
/// </summary>
public sealed class QueueListener : BackgroundService
{
    private readonly QueueClient queue;
    private readonly QueueClient poisonQueue;
    private readonly Func<Delivery, CancellationToken, Task> handler;
    private readonly Func<Delivery, string, CancellationToken, Task> onPoison;
    private readonly QueueListenerOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly SemaphoreSlim slots;

    public QueueListener(
        QueueClient queue,
        QueueClient poisonQueue,
        Func<Delivery, CancellationToken, Task> handler,
        Func<Delivery, string, CancellationToken, Task> onPoison,
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
        slots = new SemaphoreSlim(options.BatchSize, options.BatchSize);
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
            var wanted = Math.Min(32, free);
            Azure.Storage.Queues.Models.QueueMessage[] messages;
            try
            {
                if (options.Admit is { } admit)
                {
                    wanted = Math.Min(wanted, await admit(options.BatchSize - free, stoppingToken).ConfigureAwait(false));
                }

                messages = wanted <= 0
                    ? []
                    : (await queue.ReceiveMessagesAsync(wanted, options.VisibilityTimeout, stoppingToken).ConfigureAwait(false)).Value;
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

            if (messages.Length == 0)
            {
                slots.Release();
                await Sleep(delay, stoppingToken).ConfigureAwait(false);
                delay = Backoff(delay);
                continue;
            }

            delay = options.MinPollingInterval;

            // One slot is held already; take one more per extra message (receive asked for no more than were free).
            for (var i = 1; i < messages.Length; i++)
            {
                await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
            }

            foreach (var message in messages)
            {
                inFlight.Add(ProcessAndReleaseAsync(new Lease(message.MessageId, message.PopReceipt), ToDelivery(message), stoppingToken));
            }
        }

        await Task.WhenAll(inFlight).ConfigureAwait(false);
    }

    private static Delivery ToDelivery(Azure.Storage.Queues.Models.QueueMessage message) =>
        new(message.MessageId, message.DequeueCount, message.InsertedOn ?? DateTimeOffset.MinValue, message.Body?.ToString() ?? string.Empty);

    private async Task ProcessAndReleaseAsync(Lease lease, Delivery delivery, CancellationToken stoppingToken)
    {
        try
        {
            await ProcessAsync(lease, delivery, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Unexpected failure around message {Id} of {Queue}.", delivery.MessageId, queue.Name);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task ProcessAsync(Lease lease, Delivery delivery, CancellationToken stoppingToken)
    {
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewTask = RenewAsync(lease, renewal.Token);
        Exception? failure = null;
        try
        {
            await handler(delivery, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: make the message visible again at once so another instance picks it up.
            await renewal.CancelAsync().ConfigureAwait(false);
            await renewTask.ConfigureAwait(false);
            await SafeAsync(() => queue.UpdateMessageAsync(lease.MessageId, lease.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None)).ConfigureAwait(false);
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
            await DeleteAsync(lease).ConfigureAwait(false);
            return;
        }

        if (failure is UndecodableMessageException)
        {
            await PoisonAsync(lease, delivery, failure.Message).ConfigureAwait(false);
            return;
        }

        if (delivery.DequeueCount >= options.MaxDequeueCount)
        {
            await PoisonAsync(lease, delivery, $"failed {delivery.DequeueCount} times; last error: {failure.Message}").ConfigureAwait(false);
            return;
        }

        logger.LogWarning("Handler for {Queue} failed (attempt {Attempt}): {Error}", queue.Name, delivery.DequeueCount, failure.Message);
        await SafeAsync(() => queue.UpdateMessageAsync(lease.MessageId, lease.PopReceipt, visibilityTimeout: options.RetryDelay, cancellationToken: CancellationToken.None)).ConfigureAwait(false);
    }

    private async Task PoisonAsync(Lease lease, Delivery delivery, string reason)
    {
        logger.LogError("Moving message {Id} of {Queue} to {Poison}: {Reason}", delivery.MessageId, queue.Name, poisonQueue.Name, reason);
        await poisonQueue.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
        await poisonQueue.SendMessageAsync(delivery.Text, CancellationToken.None).ConfigureAwait(false);
        await DeleteAsync(lease).ConfigureAwait(false);
        await SafeAsync(() => onPoison(delivery, $"{queue.Name} message moved to {poisonQueue.Name}: {reason}", CancellationToken.None)).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes a handled message. When its lease expired meanwhile (storage was down for longer than the visibility
    /// timeout) another consumer may have received and deleted it already: that is not a failure.
    /// </summary>
    private async Task DeleteAsync(Lease lease)
    {
        try
        {
            await queue.DeleteMessageAsync(lease.MessageId, lease.PopReceipt, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 400 or 404)
        {
            logger.LogInformation("Message {Id} of {Queue} was handled but its lease had expired ({Error}); it is gone or another consumer holds it.", lease.MessageId, queue.Name, e.ErrorCode ?? e.Message);
        }
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
                    var receipt = await queue.UpdateMessageAsync(lease.MessageId, lease.PopReceipt, visibilityTimeout: options.VisibilityTimeout, cancellationToken: ct).ConfigureAwait(false);
                    lease.PopReceipt = receipt.Value.PopReceipt;
                    wait = period;
                }
                catch (RequestFailedException e) when (e.Status is 400 or 404)
                {
                    logger.LogWarning("The lease of message {Id} on {Queue} is gone ({Error}); no more renewals.", lease.MessageId, queue.Name, e.ErrorCode ?? e.Message);
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Renewing the lease of message {Id} on {Queue} failed ({Error}); retrying.", lease.MessageId, queue.Name, e.Message);
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
    private sealed class Lease(string messageId, string popReceipt)
    {
        public string MessageId { get; } = messageId;

        public string PopReceipt { get; set; } = popReceipt;
    }
}
