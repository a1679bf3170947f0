namespace ServerlessLoad.Storage;

/// <summary>A blob as listed. ETag is in the quoted form that PutAsync's ifMatch expects.</summary>
public sealed record BlobItem(string Name, long Size, string? ContentType, DateTimeOffset LastModified, string? ETag);

/// <summary>A downloaded blob.</summary>
#pragma warning disable CA1819 // The bytes are the payload; copying them on every read would only cost.
public sealed record BlobContent(byte[] Data, string? ContentType, string? ETag);
#pragma warning restore CA1819
