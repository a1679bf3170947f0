using Azure;

namespace ServerlessLoad.Storage;

/// <summary>How the pipeline tells a storage refusal (a status it decides on) from storage being out of reach.</summary>
public static class StorageFailure
{
    /// <summary>The service answered with <paramref name="status"/>.</summary>
    public static bool Is(Exception e, int status) => e is RequestFailedException { Status: var s } && s == status;

    /// <summary>
    /// Storage did not serve the request: a refusal, no answer (connection refused, every retry failed), or a timeout
    /// that was not our own cancellation. Callers keep their data and try again later.
    /// </summary>
    public static bool IsUnavailable(Exception e, CancellationToken ct) => e switch
    {
        RequestFailedException => true,
        AggregateException a => a.InnerExceptions.All(i => IsUnavailable(i, ct)),
        OperationCanceledException => !ct.IsCancellationRequested,
        HttpRequestException or IOException or TimeoutException => true,
        _ => false,
    };
}
