using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace ServerlessLoad.Storage;

/// <summary>A blob as the pipeline reads it: its bytes, content type and version.</summary>
public sealed record BlobContent(byte[] Data, string? ContentType, string? ETag);

/// <summary>A blob as a listing shows it.</summary>
public sealed record StoredBlob(string Name, long Size, string? ContentType, DateTimeOffset? LastModified, string? ETag);

/// <summary>
/// The few ways the pipeline uses a container, on the SDK's clients: whole blobs written and read in one go, a
/// missing blob read as null, create-only writes for publishing, listings by prefix.
/// </summary>
public static class BlobFiles
{
    public static async Task<BlobContent?> ReadAsync(this BlobContainerClient container, string name, CancellationToken ct = default)
    {
        try
        {
            var result = (await container.GetBlobClient(name).DownloadContentAsync(ct).ConfigureAwait(false)).Value;
            return new BlobContent(result.Content.ToArray(), result.Details.ContentType, result.Details.ETag.ToString());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Writes the blob whole, replacing any earlier version.</summary>
    public static async Task WriteAsync(this BlobContainerClient container, string name, ReadOnlyMemory<byte> data, string contentType, CancellationToken ct = default) =>
        await container.GetBlobClient(name).UploadAsync(
            BinaryData.FromBytes(data),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } },
            ct).ConfigureAwait(false);

    /// <summary>Creates the blob only if there is none (If-None-Match: *); false when one exists already.</summary>
    public static async Task<bool> TryCreateAsync(this BlobContainerClient container, string name, ReadOnlyMemory<byte> data, string contentType, CancellationToken ct = default)
    {
        try
        {
            await container.GetBlobClient(name).UploadAsync(
                BinaryData.FromBytes(data),
                new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                },
                ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    public static async IAsyncEnumerable<StoredBlob> ListAsync(this BlobContainerClient container, string prefix, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, ct).ConfigureAwait(false))
        {
            yield return new StoredBlob(item.Name, item.Properties.ContentLength ?? 0, item.Properties.ContentType, item.Properties.LastModified, item.Properties.ETag?.ToString());
        }
    }
}
