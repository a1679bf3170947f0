using System.Globalization;
using System.Text;

namespace ServerlessLoad.Runner.Engine.Http;

/// <summary>
/// Writes a prepared request as HTTP/1.1 bytes, once: request line, Host, the plan's headers, the body's headers with
/// Content-Length, the blank line and the body. Sending is then a single write of a shared, read-only array.
/// </summary>
internal static class Http1RequestBytes
{
    private static readonly string[] MethodsWithBody = ["POST", "PUT", "PATCH"];

    public static byte[] Build(PreparedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.Uri;
        var text = new StringBuilder(256);
        text.Append(request.Method.Method).Append(' ').Append(uri.PathAndQuery).Append(" HTTP/1.1\r\n");
        if (!request.RequestHeaders.Any(h => h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase)))
        {
            text.Append("Host: ").Append(uri.IdnHost);
            if (!uri.IsDefaultPort)
            {
                text.Append(':').Append(uri.Port.ToString(CultureInfo.InvariantCulture));
            }

            text.Append("\r\n");
        }

        foreach (var (name, value) in request.RequestHeaders.Concat(request.ContentHeaders))
        {
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        var body = request.Body;
        if (body is not null || MethodsWithBody.Contains(request.Method.Method, StringComparer.Ordinal))
        {
            text.Append("Content-Length: ").Append((body?.Length ?? 0).ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        }

        text.Append("\r\n");
        var head = Encoding.UTF8.GetBytes(text.ToString());
        return body is null ? head : [.. head, .. body];
    }
}
