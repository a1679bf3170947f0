using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ServerlessLoad.Storage;

/// <summary>One storage service endpoint (blob, queue or table) and the pipeline that signs and retries its requests.</summary>
internal sealed class StorageService(HttpPipeline pipeline, Uri endpoint, string serviceVersion)
{
    private readonly string _baseUrl = endpoint.AbsoluteUri.TrimEnd('/');

    public string BaseUrl => _baseUrl;

    /// <summary>A request to <paramref name="relativeUrl"/>, which is already percent-encoded (path and query).</summary>
    public HttpMessage CreateMessage(RequestMethod method, string relativeUrl)
    {
        var message = pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(new Uri(_baseUrl + "/" + relativeUrl));
        message.Request.Headers.SetValue("x-ms-version", serviceVersion);
        return message;
    }

    /// <summary>Sends and returns the response whatever its status; a request that got no answer becomes a StorageException with Status 0.</summary>
    public async Task<Response> SendAsync(HttpMessage message, CancellationToken ct)
    {
        try
        {
            await pipeline.SendAsync(message, ct).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 0)
        {
            throw new StorageException(0, "ServiceUnreachable",
                $"Storage request {Describe(message.Request)} got no response: {ex.Message}", ex);
        }
        catch (AggregateException ex) when (!ct.IsCancellationRequested)
        {
            // Azure.Core's retry policy throws this when every try failed without a response (connection refused).
            throw new StorageException(0, "ServiceUnreachable",
                $"Storage request {Describe(message.Request)} got no response: {ex.InnerExceptions[^1].Message} ({ex.InnerExceptions.Count} tries)", ex);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new StorageException(0, "Timeout", $"Storage request {Describe(message.Request)} timed out.", ex);
        }

        return message.Response;
    }

    public static string Describe(Request request) => $"{request.Method.Method} {request.Uri.Path}";

    public static StorageException Failure(HttpMessage message) =>
        StorageErrors.FromResponse(message.Response, Describe(message.Request));
}
