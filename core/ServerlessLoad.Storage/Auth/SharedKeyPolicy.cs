using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ServerlessLoad.Storage;

/// <summary>
/// Stamps x-ms-date and the SharedKey Authorization header. Runs per retry so each attempt carries a fresh date.
/// </summary>
internal sealed class SharedKeyPolicy(string accountName, byte[] accountKey, bool tableService, TimeProvider timeProvider)
    : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        request.Headers.SetValue("x-ms-date", timeProvider.GetUtcNow().ToString("R", CultureInfo.InvariantCulture));
        var signable = ToSignable(request);
        var stringToSign = tableService
            ? SharedKeySigner.TableStringToSign(accountName, signable)
            : SharedKeySigner.BlobQueueStringToSign(accountName, signable);
        request.Headers.SetValue("Authorization", $"SharedKey {accountName}:{SharedKeySigner.Sign(stringToSign, accountKey)}");
    }

    private static SharedKeySigner.SignableRequest ToSignable(Request request)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var header in request.Headers)
        {
            headers.Add(new KeyValuePair<string, string>(header.Name, header.Value));
        }

        long? length = request.Content is { } content && content.TryComputeLength(out var computed) ? computed : null;
        return new SharedKeySigner.SignableRequest(request.Method.Method, request.Uri.Path, request.Uri.Query, headers, length);
    }
}
