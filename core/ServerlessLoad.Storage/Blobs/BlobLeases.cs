using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;

namespace ServerlessLoad.Storage;

/// <summary>A blob lease as a lock held by one process at a time (the timers' singleton), on the SDK's lease client.</summary>
public static class BlobLeases
{
    /// <summary>
    /// Takes a lease of 15-60 seconds on the blob, creating an empty blob first when there is none. Returns the lease
    /// id, or null while someone else holds the lease.
    /// </summary>
    public static async Task<string?> TryAcquireLeaseAsync(this BlobContainerClient container, string name, TimeSpan duration, CancellationToken ct = default)
    {
        var lease = container.GetBlobClient(name).GetBlobLeaseClient(Guid.NewGuid().ToString());

        // Two rounds: the blob may be missing the first time; whoever creates it, the second acquire decides.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return (await lease.AcquireAsync(duration, cancellationToken: ct).ConfigureAwait(false)).Value.LeaseId;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                return null;
            }
            catch (RequestFailedException e) when (e.Status == 404 && attempt == 0)
            {
                await container.TryCreateAsync(name, ReadOnlyMemory<byte>.Empty, "application/octet-stream", ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Extends a lease we hold; false when it was lost (expired and taken, or the blob is gone).</summary>
    public static async Task<bool> RenewLeaseAsync(this BlobContainerClient container, string name, string leaseId, CancellationToken ct = default)
    {
        try
        {
            await container.GetBlobClient(name).GetBlobLeaseClient(leaseId).RenewAsync(cancellationToken: ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
        {
            return false;
        }
    }

    /// <summary>Gives a lease back; releasing a lease that is already lost is not an error.</summary>
    public static async Task ReleaseLeaseAsync(this BlobContainerClient container, string name, string leaseId, CancellationToken ct = default)
    {
        try
        {
            await container.GetBlobClient(name).GetBlobLeaseClient(leaseId).ReleaseAsync(cancellationToken: ct).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
        {
        }
    }
}
