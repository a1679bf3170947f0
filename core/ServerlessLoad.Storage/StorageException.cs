namespace ServerlessLoad.Storage;

/// <summary>A storage request that the service refused (Status is the HTTP status) or that never got an answer (Status 0).</summary>
public sealed class StorageException : Exception
{
    public StorageException(int status, string? errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
        ErrorCode = errorCode;
    }

    public StorageException()
        : this(0, null, "Storage request failed.")
    {
    }

    public StorageException(string message)
        : this(0, null, message)
    {
    }

    public StorageException(string message, Exception innerException)
        : this(0, null, message, innerException)
    {
    }

    public int Status { get; }

    public string? ErrorCode { get; }
}
