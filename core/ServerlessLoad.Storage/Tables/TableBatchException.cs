namespace ServerlessLoad.Storage;

/// <summary>An entity-group transaction was rejected: nothing was written, and FailedIndex says which operation caused it.</summary>
public sealed class TableBatchException : Exception
{
    public TableBatchException(int failedIndex, int status, string? errorCode, string message)
        : base(message)
    {
        FailedIndex = failedIndex;
        Status = status;
        ErrorCode = errorCode;
    }

    public TableBatchException()
        : this(-1, 0, null, "Table batch failed.")
    {
    }

    public TableBatchException(string message)
        : this(-1, 0, null, message)
    {
    }

    public TableBatchException(string message, Exception innerException)
        : base(message, innerException)
    {
        FailedIndex = -1;
    }

    /// <summary>Index into the submitted operations, or -1 when the service did not say.</summary>
    public int FailedIndex { get; }

    public int Status { get; }

    public string? ErrorCode { get; }
}
