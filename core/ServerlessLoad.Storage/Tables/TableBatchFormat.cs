using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ServerlessLoad.Storage;

/// <summary>
/// The $batch wire format: a multipart/mixed body holding one changeset of embedded HTTP requests, answered by a
/// multipart/mixed body of embedded HTTP responses. A failed changeset answers 202 overall with a single error response
/// whose message starts with "index:".
/// </summary>
internal static partial class TableBatchFormat
{
    internal sealed record InnerResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body);

    public static string BuildBody(string batchBoundary, string changesetBoundary, string tableUrl, IReadOnlyList<TableOperation> operations)
    {
        var body = new StringBuilder();
        body.Append("--").Append(batchBoundary).Append("\r\n")
            .Append("Content-Type: multipart/mixed; boundary=").Append(changesetBoundary).Append("\r\n\r\n");
        for (var index = 0; index < operations.Count; index++)
        {
            var operation = operations[index];
            var (method, hasBody, ifMatch) = Describe(operation);
            var url = operation.Kind == TableOperationKind.Insert ? tableUrl : tableUrl + TableClient.EntityPath(operation.Entity.PartitionKey, operation.Entity.RowKey);
            body.Append("--").Append(changesetBoundary).Append("\r\n")
                .Append("Content-Type: application/http\r\n")
                .Append("Content-Transfer-Encoding: binary\r\n\r\n")
                .Append(method).Append(' ').Append(url).Append(" HTTP/1.1\r\n")
                .Append("Content-ID: ").Append((index + 1).ToString(CultureInfo.InvariantCulture)).Append("\r\n")
                .Append("Accept: application/json;odata=minimalmetadata\r\n")
                .Append("DataServiceVersion: 3.0\r\n");
            if (ifMatch is not null)
            {
                body.Append("If-Match: ").Append(ifMatch).Append("\r\n");
            }

            if (hasBody)
            {
                body.Append("Content-Type: application/json\r\n")
                    .Append("Prefer: return-no-content\r\n\r\n")
                    .Append(Encoding.UTF8.GetString(TableEntityJson.Serialize(operation.Entity))).Append("\r\n");
            }
            else
            {
                body.Append("\r\n");
            }
        }

        body.Append("--").Append(changesetBoundary).Append("--\r\n")
            .Append("--").Append(batchBoundary).Append("--\r\n");
        return body.ToString();
    }

    private static (string Method, bool HasBody, string? IfMatch) Describe(TableOperation operation) => operation.Kind switch
    {
        TableOperationKind.Insert => ("POST", true, null),
        TableOperationKind.UpsertReplace => ("PUT", true, null),
        TableOperationKind.UpsertMerge => ("MERGE", true, null),
        TableOperationKind.UpdateReplace => ("PUT", true, operation.IfMatch),
        TableOperationKind.UpdateMerge => ("MERGE", true, operation.IfMatch),
        TableOperationKind.Delete => ("DELETE", false, operation.IfMatch),
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation.Kind, "Unknown table operation."),
    };

    /// <summary>Every embedded HTTP response, in order, from a multipart body (nested changesets flattened).</summary>
    public static IReadOnlyList<InnerResponse> ParseResponses(string contentType, string body)
    {
        var responses = new List<InnerResponse>();
        var boundary = BoundaryOf(contentType) ?? throw new FormatException($"Batch response Content-Type '{contentType}' has no boundary.");
        CollectParts(boundary, body, responses);
        return responses;
    }

    private static void CollectParts(string boundary, string body, List<InnerResponse> responses)
    {
        foreach (var part in SplitParts(boundary, body))
        {
            var (headers, content) = SplitHeaders(part);
            var partType = headers.GetValueOrDefault("Content-Type", "");
            if (partType.StartsWith("multipart/mixed", StringComparison.OrdinalIgnoreCase) && BoundaryOf(partType) is { } inner)
            {
                CollectParts(inner, content, responses);
            }
            else if (content.StartsWith("HTTP/", StringComparison.Ordinal))
            {
                responses.Add(ParseHttpResponse(content));
            }
        }
    }

    private static List<string> SplitParts(string boundary, string body)
    {
        var delimiter = "--" + boundary;
        var parts = new List<string>();
        var position = body.IndexOf(delimiter, StringComparison.Ordinal);
        while (position >= 0)
        {
            var start = position + delimiter.Length;
            if (body.AsSpan(start).StartsWith("--", StringComparison.Ordinal))
            {
                break;
            }

            var next = body.IndexOf(delimiter, start, StringComparison.Ordinal);
            var part = next < 0 ? body[start..] : body[start..next];
            parts.Add(part.TrimStart('\r', '\n').TrimEnd('\r', '\n'));
            position = next;
        }

        return parts;
    }

    private static (Dictionary<string, string> Headers, string Content) SplitHeaders(string text)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var end = normalized.IndexOf("\n\n", StringComparison.Ordinal);
        var headerBlock = end < 0 ? normalized : normalized[..end];
        var content = end < 0 ? "" : normalized[(end + 2)..];
        foreach (var line in headerBlock.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        return (headers, content);
    }

    private static InnerResponse ParseHttpResponse(string text)
    {
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        var statusLine = (newline < 0 ? text : text[..newline]).Trim();
        var statusParts = statusLine.Split(' ', 3);
        var status = statusParts.Length > 1 && int.TryParse(statusParts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        var (headers, body) = SplitHeaders(newline < 0 ? "" : text[(newline + 1)..]);
        return new InnerResponse(status, headers, body.Trim());
    }

    /// <summary>Which operation failed: the "index:" prefix of the error message, else Content-ID (1-based), else -1.</summary>
    public static int FailedIndex(InnerResponse response, string? errorMessage, int operationCount)
    {
        if (errorMessage is not null)
        {
            var match = IndexPrefix().Match(errorMessage);
            if (match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) && index < operationCount)
            {
                return index;
            }
        }

        if (response.Headers.TryGetValue("Content-ID", out var contentId)
            && int.TryParse(contentId, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) && id >= 1 && id <= operationCount)
        {
            return id - 1;
        }

        return -1;
    }

    private static string? BoundaryOf(string contentType)
    {
        var match = BoundaryParameter().Match(contentType);
        return match.Success ? match.Groups[1].Value.Trim('"') : null;
    }

    [GeneratedRegex(@"boundary=([^;\s]+)", RegexOptions.IgnoreCase)]
    private static partial Regex BoundaryParameter();

    [GeneratedRegex(@"^\s*(\d+):")]
    private static partial Regex IndexPrefix();
}
