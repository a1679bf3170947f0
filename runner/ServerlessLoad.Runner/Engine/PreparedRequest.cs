using System.Net;
using System.Text;
using ServerlessLoad.Runner.Engine.Http;
using ServerlessLoad.Runner.Engine.Http2;
using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Runner.Engine;

/// <summary>
/// Everything about a <see cref="RequestSpec"/> that does not change between sends, worked out once per slice:
/// absolute URI, parsed method, headers split into request and content headers, encoded body, the approximate
/// number of bytes one send puts on the wire, and what the socket engine sends: the exact HTTP/1.1 request bytes, or
/// the HTTP/2 header block.
/// </summary>
internal sealed class PreparedRequest
{
    private static readonly HashSet<string> ContentHeaderNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Allow", "Expires", "Last-Modified",
    };

    private PreparedRequest(RequestSpec spec, Uri uri, Scenario? scenario)
    {
        Spec = spec;
        Uri = uri;
        Method = HttpMethod.Parse(spec.Method);
        Body = spec.Body is null ? null : Encoding.UTF8.GetBytes(spec.Body);
        RequestHeaders = spec.Headers.Where(h => !IsContentHeader(h.Key)).ToArray();
        ContentHeaders = Body is null ? [] : ContentHeadersOf(spec);
        Description = $"{Method.Method} {spec.Path}";
        ApproximateBytesSent = ApproximateSize();
        Version = scenario?.HttpVersion == HttpVersions.Http2 ? HttpVersion.Version20 : HttpVersion.Version11;
        IsHead = Method == HttpMethod.Head;
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return;
        }

        if (Version == HttpVersion.Version11)
        {
            Http1Bytes = Http1RequestBytes.Build(this);
            WireBytes = Http1Bytes.Length;
        }
        else
        {
            Http2Block = Http2RequestBlock.Build(this);
            var bodyLength = Body?.Length ?? 0;
            var dataFrames = (bodyLength + Http2Frames.MaxPayload - 1) / Http2Frames.MaxPayload;
            WireBytes = Http2Frames.HeaderSize + Http2Block.Length + (dataFrames * Http2Frames.HeaderSize) + bodyLength;
        }
    }

    public RequestSpec Spec { get; }

    public Uri Uri { get; }

    public HttpMethod Method { get; }

    public byte[]? Body { get; }

    public KeyValuePair<string, string>[] RequestHeaders { get; }

    /// <summary>Headers carried by the body (Content-Type first); empty without a body.</summary>
    public KeyValuePair<string, string>[] ContentHeaders { get; }

    /// <summary>"GET /path?query", for failure samples.</summary>
    public string Description { get; }

    /// <summary>Request line, headers and body length: what the wire carries, give or take the handler's own headers.</summary>
    public long ApproximateBytesSent { get; }

    /// <summary>HTTP/1.1 or HTTP/2, as the request's scenario asks.</summary>
    public Version Version { get; }

    /// <summary>A HEAD response announces a body it does not carry.</summary>
    public bool IsHead { get; }

    /// <summary>The whole request as the socket engine writes it over HTTP/1.1 (http:// and https://); null for HTTP/2.</summary>
    public byte[]? Http1Bytes { get; }

    /// <summary>The request's HTTP/2 header block, as the engine's HTTP/2 connections send it; null for HTTP/1.1.</summary>
    public byte[]? Http2Block { get; }

    /// <summary>What one send of the engine puts on the wire: the HTTP/1.1 bytes, or the HTTP/2 frames (headers and body).</summary>
    public long WireBytes { get; }

    public static PreparedRequest For(RequestSpec spec, Plan plan) => For(spec, plan, null);

    public static PreparedRequest For(RequestSpec spec, Plan plan, Scenario? scenario)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(spec);
        if (!plan.Targets.TryGetValue(spec.Target, out var baseUri))
        {
            throw new ArgumentException($"Request '{spec.Name}' names target '{spec.Target}', which the plan does not define.", nameof(spec));
        }

        return new PreparedRequest(spec, Join(baseUri, spec.Path), scenario);
    }

    public HttpRequestMessage CreateMessage()
    {
        var message = new HttpRequestMessage(Method, Uri) { Version = Version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        foreach (var (name, value) in RequestHeaders)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (Body is not null)
        {
            var content = new ByteArrayContent(Body);
            foreach (var (name, value) in ContentHeaders)
            {
                content.Headers.TryAddWithoutValidation(name, value);
            }

            message.Content = content;
        }

        return message;
    }

    /// <summary>Base path and request path joined with exactly one slash, so "http://h/api" + "/x" is "http://h/api/x".</summary>
    internal static Uri Join(Uri baseUri, string path) =>
        new(baseUri.AbsoluteUri.TrimEnd('/') + "/" + path.TrimStart('/'), UriKind.Absolute);

    internal static bool IsContentHeader(string name) =>
        name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) || ContentHeaderNames.Contains(name);

    private static KeyValuePair<string, string>[] ContentHeadersOf(RequestSpec spec)
    {
        var headers = spec.Headers
            .Where(h => IsContentHeader(h.Key) && !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (spec.ContentType is { } contentType && !headers.Any(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
        {
            headers.Insert(0, new("Content-Type", contentType));
        }

        return [.. headers];
    }

    private long ApproximateSize()
    {
        const int lineEnd = 2;
        const int separator = 2; // ": "
        long size = Method.Method.Length + 1 + Uri.PathAndQuery.Length + " HTTP/1.1".Length + lineEnd;
        size += "Host".Length + separator + Uri.Authority.Length + lineEnd;
        foreach (var (name, value) in RequestHeaders.Concat(ContentHeaders))
        {
            size += name.Length + separator + value.Length + lineEnd;
        }

        if (Body is not null)
        {
            size += "Content-Length".Length + separator + Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture).Length + lineEnd;
            size += Body.Length;
        }

        return size + lineEnd;
    }
}
