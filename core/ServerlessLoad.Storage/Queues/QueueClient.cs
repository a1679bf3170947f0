using System.Globalization;
using System.Text;
using Azure.Core;

namespace ServerlessLoad.Storage;

/// <summary>One storage queue: at-least-once messages with visibility timeouts.</summary>
public sealed class QueueClient
{
    private static readonly TimeSpan MaxVisibility = TimeSpan.FromDays(7);

    private readonly StorageService _service;

    internal QueueClient(string name, StorageService service)
    {
        Name = name;
        _service = service;
    }

    public string Name { get; }

    public async Task CreateIfNotExistsAsync(CancellationToken ct = default)
    {
        using var message = _service.CreateMessage(RequestMethod.Put, Name);
        message.Request.Content = RequestContent.Create(Array.Empty<byte>());
        var response = await _service.SendAsync(message, ct).ConfigureAwait(false);
        // 201 created, 204 already there; 409 means it exists with other metadata, which is still "exists".
        if (response.Status is not (201 or 204 or 409))
        {
            throw StorageService.Failure(message);
        }
    }

    /// <summary>Enqueues <paramref name="text"/> as-is (callers base64 it if the consumer expects that).</summary>
    /// <param name="visibilityDelay">Hidden for this long after enqueue (0 to 7 days).</param>
    /// <param name="timeToLive">Expires after this long; default 7 days; <see cref="Timeout.InfiniteTimeSpan"/> never expires.</param>
    public async Task SendAsync(string text, TimeSpan? visibilityDelay = null, TimeSpan? timeToLive = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var query = new StringBuilder($"{Name}/messages");
        var separator = '?';
        if (visibilityDelay is { } delay)
        {
            query.Append(separator).Append("visibilitytimeout=").Append(Seconds(delay, nameof(visibilityDelay), minimumSeconds: 0));
            separator = '&';
        }

        if (timeToLive is { } ttl)
        {
            var ttlSeconds = ttl == Timeout.InfiniteTimeSpan || ttl == TimeSpan.MaxValue
                ? "-1"
                : ttl > TimeSpan.Zero
                    ? ((long)Math.Ceiling(ttl.TotalSeconds)).ToString(CultureInfo.InvariantCulture)
                    : throw new ArgumentOutOfRangeException(nameof(timeToLive), ttl, "Time to live must be positive or infinite.");
            query.Append(separator).Append("messagettl=").Append(ttlSeconds);
        }

        using var message = _service.CreateMessage(RequestMethod.Post, query.ToString());
        message.Request.Headers.SetValue("Content-Type", "application/xml");
        message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(QueueMessageXml.Envelope(text)));
        var response = await _service.SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status != 201)
        {
            throw StorageService.Failure(message);
        }
    }

    /// <summary>Dequeues up to <paramref name="maxMessages"/> (1-32), hiding each for <paramref name="visibilityTimeout"/>.</summary>
    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken ct = default)
    {
        CheckBatchSize(maxMessages);
        var seconds = Seconds(visibilityTimeout, nameof(visibilityTimeout), minimumSeconds: 1);
        return await ListAsync($"{Name}/messages?numofmessages={maxMessages}&visibilitytimeout={seconds}", ct).ConfigureAwait(false);
    }

    /// <summary>Reads up to <paramref name="maxMessages"/> (1-32) visible messages without dequeuing them (no pop receipt).</summary>
    public async Task<IReadOnlyList<QueueMessage>> PeekAsync(int maxMessages, CancellationToken ct = default)
    {
        CheckBatchSize(maxMessages);
        return await ListAsync($"{Name}/messages?peekonly=true&numofmessages={maxMessages}", ct).ConfigureAwait(false);
    }

    /// <summary>Hides a received message for <paramref name="visibilityTimeout"/> from now; the returned copy carries the new pop receipt.</summary>
    public async Task<QueueMessage> UpdateVisibilityAsync(QueueMessage message, TimeSpan visibilityTimeout, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var seconds = Seconds(visibilityTimeout, nameof(visibilityTimeout), minimumSeconds: 0);
        using var request = _service.CreateMessage(RequestMethod.Put, MessageUrl(message) + $"&visibilitytimeout={seconds}");
        request.Request.Content = RequestContent.Create(Array.Empty<byte>());
        var response = await _service.SendAsync(request, ct).ConfigureAwait(false);
        if (response.Status != 204)
        {
            throw StorageService.Failure(request);
        }

        var popReceipt = response.Headers.TryGetValue("x-ms-popreceipt", out var receipt) ? receipt : message.PopReceipt;
        var nextVisible = response.Headers.TryGetValue("x-ms-time-next-visible", out var visible)
            ? QueueMessageXml.ParseDate(visible)
            : message.NextVisibleOn;
        return message with { PopReceipt = popReceipt, NextVisibleOn = nextVisible };
    }

    /// <summary>Deletes a received message; a message that is already gone is not an error.</summary>
    public async Task DeleteAsync(QueueMessage message, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var request = _service.CreateMessage(RequestMethod.Delete, MessageUrl(message));
        var response = await _service.SendAsync(request, ct).ConfigureAwait(false);
        if (response.Status is not (204 or 404))
        {
            throw StorageService.Failure(request);
        }
    }

    /// <summary>The service's approximate message count (includes invisible messages).</summary>
    public async Task<int> GetApproximateLengthAsync(CancellationToken ct = default)
    {
        using var message = _service.CreateMessage(RequestMethod.Get, $"{Name}?comp=metadata");
        var response = await _service.SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status != 200)
        {
            throw StorageService.Failure(message);
        }

        return response.Headers.TryGetValue("x-ms-approximate-messages-count", out var count)
            ? int.Parse(count, CultureInfo.InvariantCulture)
            : 0;
    }

    /// <summary>Deletes every message in the queue.</summary>
    public async Task ClearAsync(CancellationToken ct = default)
    {
        using var message = _service.CreateMessage(RequestMethod.Delete, $"{Name}/messages");
        var response = await _service.SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status != 204)
        {
            throw StorageService.Failure(message);
        }
    }

    private async Task<IReadOnlyList<QueueMessage>> ListAsync(string relativeUrl, CancellationToken ct)
    {
        using var message = _service.CreateMessage(RequestMethod.Get, relativeUrl);
        var response = await _service.SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status != 200)
        {
            throw StorageService.Failure(message);
        }

        return QueueMessageXml.ParseList(response.Content.ToString());
    }

    private string MessageUrl(QueueMessage message)
    {
        if (string.IsNullOrEmpty(message.PopReceipt))
        {
            throw new ArgumentException("The message has no pop receipt: only received messages can be updated or deleted.", nameof(message));
        }

        return $"{Name}/messages/{Uri.EscapeDataString(message.MessageId)}?popreceipt={Uri.EscapeDataString(message.PopReceipt)}";
    }

    private static void CheckBatchSize(int maxMessages)
    {
        if (maxMessages is < 1 or > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(maxMessages), maxMessages, "A queue returns 1 to 32 messages per request.");
        }
    }

    // The service counts in whole seconds; round up so a caller never gets less hiding time than asked for.
    private static string Seconds(TimeSpan value, string parameterName, int minimumSeconds)
    {
        var seconds = (long)Math.Ceiling(value.TotalSeconds);
        if (value < TimeSpan.Zero || seconds < minimumSeconds || value > MaxVisibility)
        {
            throw new ArgumentOutOfRangeException(parameterName, value, $"Must be between {minimumSeconds} seconds and 7 days.");
        }

        return seconds.ToString(CultureInfo.InvariantCulture);
    }
}
