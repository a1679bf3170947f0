using System.Net;
using System.Text;

namespace ServerlessLoad.Functions.Tests.Support;

/// <summary>A body of <c>length</c> bytes sent without a Content-Length (chunked on the wire), generated as it is sent.</summary>
public sealed class StreamedContent : HttpContent
{
    private readonly long total;
    private readonly byte[] pattern;

    public StreamedContent(long length, string mediaType, string pattern = "# padding padding padding padding padding\n")
    {
        total = length;
        this.pattern = Encoding.UTF8.GetBytes(pattern);
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
    }

    /// <summary>Bytes the server read before it answered (the rest was never sent).</summary>
    public long Sent { get; private set; }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var chunk = new byte[64 * 1024];
        for (var i = 0; i < chunk.Length; i++)
        {
            chunk[i] = pattern[i % pattern.Length];
        }

        try
        {
            while (Sent < total)
            {
                var count = (int)Math.Min(chunk.Length, total - Sent);
                await stream.WriteAsync(chunk.AsMemory(0, count));
                Sent += count;
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The server answered and stopped reading: what it did not read was never needed.
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
