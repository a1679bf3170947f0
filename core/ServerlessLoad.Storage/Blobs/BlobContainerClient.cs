using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Core;

namespace ServerlessLoad.Storage;

/// <summary>One blob container: block blobs written whole, listed by prefix, leased as locks, shared by SAS.</summary>
public sealed class BlobContainerClient
{
    private const int DefaultListPageSize = 5000;

    private readonly StorageService _service;
    private readonly StorageAccount _account;

    internal BlobContainerClient(string name, StorageService service, StorageAccount account)
    {
        Name = name;
        _service = service;
        _account = account;
    }

    public string Name { get; }

    public async Task CreateIfNotExistsAsync(CancellationToken ct = default)
    {
        using var message = _service.CreateMessage(RequestMethod.Put, $"{Name}?restype=container");
        message.Request.Content = RequestContent.Create(Array.Empty<byte>());
        var response = await _service.SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status is not (201 or 409))
        {
            throw StorageService.Failure(message);
        }
    }

    /// <summary>
    /// Writes a block blob in one request and returns its ETag. With <paramref name="ifMatch"/> the write only replaces
    /// that version (412 otherwise); with <paramref name="ifNoneMatchStar"/> it only creates (409 if the blob exists).
    /// </summary>
    public async Task<string> PutAsync(
        string blobName,
        ReadOnlyMemory<byte> data,
        string contentType,
        string? ifMatch = null,
        bool ifNoneMatchStar = false,
        CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        using var message = _service.CreateMessage(RequestMethod.Put, BlobPath(blobName));
        message.Request.Headers.SetValue("x-ms-blob-type", "BlockBlob");
        message.Request.Headers.SetValue("Content-Type", contentType);
        if (ifMatch is not null)
        {
            message.Request.Headers.SetValue("If-Match", ifMatch);
        }

        if (ifNoneMatchStar)
        {
            message.Request.Headers.SetValue("If-None-Match", "*");
        }

        message.Request.Content = RequestContent.Create(data);
        var response = await _service.SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status != 201)
        {
            throw StorageService.Failure(message);
        }

        return RawETag(response) ?? "";
    }

    /// <summary>The blob's bytes, content type and ETag, or null when it does not exist.</summary>
    public async Task<BlobContent?> GetAsync(string blobName, CancellationToken ct = default)
    {
        using var message = _service.CreateMessage(RequestMethod.Get, BlobPath(blobName));
        var response = await _service.SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status == 404)
        {
            return null;
        }

        if (response.Status != 200)
        {
            throw StorageService.Failure(message);
        }

        return new BlobContent(response.Content.ToArray(), response.Headers.ContentType, RawETag(response));
    }

    /// <summary>Every blob whose name starts with <paramref name="prefix"/>, in name order, following NextMarker.</summary>
    public IAsyncEnumerable<BlobItem> ListAsync(string? prefix = null, CancellationToken ct = default) =>
        ListAsync(prefix, DefaultListPageSize, ct);

    /// <summary>As <see cref="ListAsync(string?, CancellationToken)"/>, asking the service for pages of <paramref name="pageSize"/> (1-5000).</summary>
    public async IAsyncEnumerable<BlobItem> ListAsync(string? prefix, int pageSize, [EnumeratorCancellation] CancellationToken ct = default)
    {
        if (pageSize is < 1 or > 5000)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "List pages hold 1 to 5000 blobs.");
        }

        string? marker = null;
        do
        {
            var url = $"{Name}?restype=container&comp=list&maxresults={pageSize.ToString(CultureInfo.InvariantCulture)}";
            if (!string.IsNullOrEmpty(prefix))
            {
                url += "&prefix=" + Uri.EscapeDataString(prefix);
            }

            if (marker is not null)
            {
                url += "&marker=" + Uri.EscapeDataString(marker);
            }

            using var message = _service.CreateMessage(RequestMethod.Get, url);
            var response = await _service.SendAsync(message, ct).ConfigureAwait(false);
            if (response.Status != 200)
            {
                throw StorageService.Failure(message);
            }

            var (items, nextMarker) = BlobListXml.Parse(response.Content.ToString());
            foreach (var item in items)
            {
                yield return item;
            }

            marker = nextMarker;
        }
        while (marker is not null);
    }

    /// <summary>Deletes the blob; a blob that is already gone is not an error.</summary>
    public async Task DeleteAsync(string blobName, CancellationToken ct = default)
    {
        using var message = _service.CreateMessage(RequestMethod.Delete, BlobPath(blobName));
        var response = await _service.SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status is not (202 or 404))
        {
            throw StorageService.Failure(message);
        }
    }

    /// <summary>
    /// Takes a lease of 15-60 seconds (or <see cref="Timeout.InfiniteTimeSpan"/>) on the blob, creating an empty blob
    /// first if there is none. Returns the lease id, or null while someone else holds the lease.
    /// </summary>
    public async Task<string?> TryAcquireLeaseAsync(string blobName, TimeSpan duration, CancellationToken ct = default)
    {
        var seconds = LeaseSeconds(duration);
        // Two rounds: the blob may be missing the first time; whoever creates it, the second acquire decides.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var message = LeaseMessage(blobName, "acquire");
            message.Request.Headers.SetValue("x-ms-lease-duration", seconds);
            var response = await _service.SendAsync(message, ct).ConfigureAwait(false);
            switch (response.Status)
            {
                case 201:
                    return response.Headers.TryGetValue("x-ms-lease-id", out var leaseId) ? leaseId : throw StorageService.Failure(message);
                case 409:
                    return null;
                case 404 when attempt == 0 && IsBlobNotFound(response):
                    await CreateEmptyIfMissingAsync(blobName, ct).ConfigureAwait(false);
                    continue;
                default:
                    throw StorageService.Failure(message);
            }
        }

        return null;
    }

    /// <summary>Extends a lease we hold; false when it was lost (expired and taken, or the blob is gone).</summary>
    public async Task<bool> RenewLeaseAsync(string blobName, string leaseId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        using var message = LeaseMessage(blobName, "renew");
        message.Request.Headers.SetValue("x-ms-lease-id", leaseId);
        var response = await _service.SendAsync(message, ct).ConfigureAwait(false);
        return response.Status switch
        {
            200 => true,
            404 or 409 or 412 => false,
            _ => throw StorageService.Failure(message),
        };
    }

    /// <summary>Gives a lease back; releasing a lease that is already lost is not an error.</summary>
    public async Task ReleaseLeaseAsync(string blobName, string leaseId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        using var message = LeaseMessage(blobName, "release");
        message.Request.Headers.SetValue("x-ms-lease-id", leaseId);
        var response = await _service.SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status is not (200 or 404 or 409 or 412))
        {
            throw StorageService.Failure(message);
        }
    }

    /// <summary>A URI that lets anyone read this blob for <paramref name="validFor"/>; needs an account key.</summary>
    /// <exception cref="InvalidOperationException">The account authenticates with tokens, not a key.</exception>
    public Uri GetSasUri(string blobName, TimeSpan validFor)
    {
        if (validFor <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(validFor), validFor, "A SAS must be valid for a positive time.");
        }

        var path = BlobPath(blobName);
        var query = _account.CreateBlobReadSas(Name, blobName, validFor);
        return new Uri($"{_service.BaseUrl}/{path}?{query}");
    }

    private HttpMessage LeaseMessage(string blobName, string action)
    {
        var message = _service.CreateMessage(RequestMethod.Put, BlobPath(blobName) + "?comp=lease");
        message.Request.Headers.SetValue("x-ms-lease-action", action);
        message.Request.Content = RequestContent.Create(Array.Empty<byte>());
        return message;
    }

    private async Task CreateEmptyIfMissingAsync(string blobName, CancellationToken ct)
    {
        try
        {
            await PutAsync(blobName, ReadOnlyMemory<byte>.Empty, "application/octet-stream", ifNoneMatchStar: true, ct: ct).ConfigureAwait(false);
        }
        catch (StorageException ex) when (ex.Status is 409 or 412)
        {
            // Someone else created (and maybe leased) it first; the next acquire settles who holds the lease.
        }
    }

    private static string? RawETag(Azure.Response response) =>
        response.Headers.TryGetValue("ETag", out var etag) ? etag : null;

    private static bool IsBlobNotFound(Azure.Response response) =>
        !response.Headers.TryGetValue("x-ms-error-code", out var code) || code == "BlobNotFound";

    private static string LeaseSeconds(TimeSpan duration)
    {
        if (duration == Timeout.InfiniteTimeSpan)
        {
            return "-1";
        }

        var seconds = (int)Math.Ceiling(duration.TotalSeconds);
        return seconds is >= 15 and <= 60
            ? seconds.ToString(CultureInfo.InvariantCulture)
            : throw new ArgumentOutOfRangeException(nameof(duration), duration, "A lease lasts 15 to 60 seconds, or is infinite.");
    }

    // Blob names are paths: each segment is percent-encoded, the slashes between them stay.
    private string BlobPath(string blobName) =>
        Name + "/" + string.Join('/', StorageNames.ValidateBlob(blobName).Split('/').Select(Uri.EscapeDataString));
}
