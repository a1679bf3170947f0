namespace ServerlessLoad.Runner.Engine.Steps;

/// <summary>
/// Approximate sizes of the HTTP upgrade exchange, give or take spacing: ClientWebSocket does not expose the bytes it
/// writes, and counting them keeps a connect's bytes comparable with an HTTP request's.
/// </summary>
internal static class WebSocketHandshakeSize
{
    private const int LineEnd = 2;
    private const int Separator = 2;

    /// <summary>Request line, Host, and the upgrade headers every handshake carries (a 24-character key).</summary>
    private static readonly int UpgradeHeaders =
        "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: 0123456789012345678901==\r\nSec-WebSocket-Version: 13\r\n".Length;

    public static long Request(Uri uri) =>
        "GET ".Length + uri.PathAndQuery.Length + " HTTP/1.1".Length + LineEnd
        + "Host".Length + Separator + uri.Authority.Length + LineEnd
        + UpgradeHeaders + LineEnd;

    public static long Header(string name, string value) => name.Length + Separator + value.Length + LineEnd;

    public static long Response(IReadOnlyDictionary<string, IEnumerable<string>>? headers)
    {
        long size = "HTTP/1.1 101 Switching Protocols".Length + LineEnd + LineEnd;
        foreach (var (name, values) in headers ?? new Dictionary<string, IEnumerable<string>>())
        {
            size += Header(name, string.Join(", ", values));
        }

        return size;
    }
}
