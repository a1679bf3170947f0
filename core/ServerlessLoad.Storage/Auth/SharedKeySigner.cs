using System.Security.Cryptography;
using System.Text;

namespace ServerlessLoad.Storage;

/// <summary>
/// The SharedKey string-to-sign rules. Blob and Queue sign the standard headers, every x-ms-* header and all query
/// parameters; Table signs only verb, Content-MD5, Content-Type, date and the resource with ?comp.
/// </summary>
internal static class SharedKeySigner
{
    /// <summary>A request as the signer sees it: headers by name (any case), path still percent-encoded, raw query.</summary>
    internal sealed record SignableRequest(
        string Method,
        string EncodedPath,
        string Query,
        IReadOnlyList<KeyValuePair<string, string>> Headers,
        long? ContentLength);

    private static readonly string[] BlobQueueStandardHeaders =
    [
        "Content-Encoding", "Content-Language", "Content-Length", "Content-MD5", "Content-Type", "Date",
        "If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range",
    ];

    public static string BlobQueueStringToSign(string accountName, SignableRequest request)
    {
        var builder = new StringBuilder();
        builder.Append(request.Method.ToUpperInvariant()).Append('\n');
        foreach (var header in BlobQueueStandardHeaders)
        {
            var value = header == "Content-Length"
                ? (request.ContentLength is > 0 ? request.ContentLength.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")
                : HeaderValue(request, header);
            builder.Append(value).Append('\n');
        }

        AppendCanonicalizedHeaders(builder, request);
        builder.Append('/').Append(accountName).Append(PathOrRoot(request.EncodedPath));
        foreach (var (name, values) in ParseQuery(request.Query))
        {
            builder.Append('\n').Append(name).Append(':').Append(string.Join(',', values));
        }

        return builder.ToString();
    }

    public static string TableStringToSign(string accountName, SignableRequest request)
    {
        var date = HeaderValue(request, "x-ms-date");
        if (date.Length == 0)
        {
            date = HeaderValue(request, "Date");
        }

        var builder = new StringBuilder();
        builder.Append(request.Method.ToUpperInvariant()).Append('\n')
            .Append(HeaderValue(request, "Content-MD5")).Append('\n')
            .Append(HeaderValue(request, "Content-Type")).Append('\n')
            .Append(date).Append('\n')
            .Append('/').Append(accountName).Append(PathOrRoot(request.EncodedPath));
        foreach (var (name, values) in ParseQuery(request.Query))
        {
            if (name == "comp")
            {
                builder.Append("?comp=").Append(string.Join(',', values));
            }
        }

        return builder.ToString();
    }

    public static string Sign(string stringToSign, byte[] accountKey) =>
        Convert.ToBase64String(HMACSHA256.HashData(accountKey, Encoding.UTF8.GetBytes(stringToSign)));

    private static string PathOrRoot(string encodedPath) => encodedPath.Length == 0 ? "/" : encodedPath;

    private static string HeaderValue(SignableRequest request, string name)
    {
        foreach (var header in request.Headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value;
            }
        }

        return "";
    }

    private static void AppendCanonicalizedHeaders(StringBuilder builder, SignableRequest request)
    {
        var storageHeaders = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in request.Headers)
        {
            var name = header.Key.Trim().ToLowerInvariant();
            if (!name.StartsWith("x-ms-", StringComparison.Ordinal))
            {
                continue;
            }

            var value = header.Value.Trim();
            storageHeaders[name] = storageHeaders.TryGetValue(name, out var existing) ? existing + "," + value : value;
        }

        foreach (var (name, value) in storageHeaders)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }
    }

    /// <summary>Query parameters with lower-cased names in ordinal order, values decoded and sorted.</summary>
    internal static SortedDictionary<string, List<string>> ParseQuery(string query)
    {
        var result = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        var text = query.StartsWith('?') ? query[1..] : query;
        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]).ToLowerInvariant();
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            if (!result.TryGetValue(name, out var values))
            {
                values = [];
                result[name] = values;
            }

            values.Add(value);
        }

        foreach (var values in result.Values)
        {
            values.Sort(StringComparer.Ordinal);
        }

        return result;
    }
}
