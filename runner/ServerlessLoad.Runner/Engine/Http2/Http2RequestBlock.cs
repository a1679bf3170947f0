using System.Globalization;
using System.Text;

namespace ServerlessLoad.Runner.Engine.Http2;

/// <summary>
/// A prepared request as an HTTP/2 header block, written once: the pseudo-headers (static-table entries where one
/// fits), the plan's headers with lower-case names, the body's headers and content-length. Fields that HTTP/2 forbids
/// (connection-specific ones) are left out, and a Host header becomes :authority.
/// </summary>
internal static class Http2RequestBlock
{
    private static readonly HashSet<string> ConnectionSpecific = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "Upgrade", "Host", "Content-Length",
    };

    private static readonly string[] MethodsWithBody = ["POST", "PUT", "PATCH"];

    public static byte[] Build(PreparedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.Uri;
        var block = new List<byte>(128);
        var method = request.Method.Method;
        if (method == "GET")
        {
            Hpack.WriteIndexed(block, Hpack.MethodGet);
        }
        else if (method == "POST")
        {
            Hpack.WriteIndexed(block, Hpack.MethodPost);
        }
        else
        {
            Hpack.WriteLiteral(block, Hpack.MethodGet, Ascii(method));
        }

        Hpack.WriteIndexed(block, uri.Scheme == Uri.UriSchemeHttps ? Hpack.SchemeHttps : Hpack.SchemeHttp);
        var path = uri.PathAndQuery;
        if (path == "/")
        {
            Hpack.WriteIndexed(block, Hpack.PathRoot);
        }
        else
        {
            Hpack.WriteLiteral(block, Hpack.PathRoot, Ascii(path));
        }

        var host = request.RequestHeaders.FirstOrDefault(h => h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase)).Value
            ?? (uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port.ToString(CultureInfo.InvariantCulture)}");
        Hpack.WriteLiteral(block, Hpack.Authority, Ascii(host));
        foreach (var (name, value) in request.RequestHeaders.Concat(request.ContentHeaders))
        {
            if (!ConnectionSpecific.Contains(name) && !(name.Equals("TE", StringComparison.OrdinalIgnoreCase) && value != "trailers"))
            {
                Hpack.WriteLiteral(block, Ascii(name.ToLowerInvariant()), Encoding.UTF8.GetBytes(value));
            }
        }

        if (request.Body is not null || MethodsWithBody.Contains(method, StringComparer.Ordinal))
        {
            Hpack.WriteLiteral(block, "content-length"u8, Ascii((request.Body?.Length ?? 0).ToString(CultureInfo.InvariantCulture)));
        }

        return [.. block];
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
