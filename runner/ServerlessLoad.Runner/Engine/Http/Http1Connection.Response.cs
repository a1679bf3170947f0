using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;

namespace ServerlessLoad.Runner.Engine.Http;

/// <summary>Response framing, parsed in place from the connection's buffer.</summary>
internal sealed partial class Http1Connection
{
    private const int MaxChunkLineBytes = 4 * 1024;

    /// <summary>Where the line <see cref="ReadLineAsync"/> found begins.</summary>
    private int lineStart;

    private static ReadOnlySpan<byte> HeaderEnd => "\r\n\r\n"u8;

    private static ReadOnlySpan<byte> LineEnd => "\r\n"u8;

    /// <summary>
    /// Reads one response (skipping interim 1xx ones) and drains its body. Sets <see cref="status"/> and
    /// <see cref="keepAlive"/>; bytes are counted by <see cref="FillAsync"/>.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReadResponseAsync(bool isHead)
    {
        while (true)
        {
            var head = await ReadHeadAsync().ConfigureAwait(false);
            if (head.Status is >= 100 and < 200 and not 101)
            {
                continue;
            }

            status = head.Status;
            keepAlive = head.KeepAlive;
            if (isHead || head.Status is 101 or 204 or 304)
            {
                keepAlive &= head.Status != 101;
            }
            else if (head.Chunked)
            {
                await DrainChunkedAsync().ConfigureAwait(false);
            }
            else if (head.ContentLength >= 0)
            {
                await DrainAsync(head.ContentLength).ConfigureAwait(false);
            }
            else
            {
                // No framing: the body runs until the server closes the connection.
                while (await FillAsync().ConfigureAwait(false))
                {
                    start = end;
                }

                keepAlive = false;
            }

            if (start != end)
            {
                // Bytes beyond the response: the framing is not what it claimed; do not reuse the connection.
                keepAlive = false;
            }

            start = end = 0;
            return;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ResponseHead> ReadHeadAsync()
    {
        var scanFrom = start;
        while (true)
        {
            var found = buffer.AsSpan(scanFrom, end - scanFrom).IndexOf(HeaderEnd);
            if (found >= 0)
            {
                var headEnd = scanFrom + found;
                var head = ParseHead(buffer.AsSpan(start, headEnd - start));
                start = headEnd + HeaderEnd.Length;
                return head;
            }

            var consumedBefore = start;
            scanFrom = Math.Max(start, end - (HeaderEnd.Length - 1));
            if (!await FillAsync().ConfigureAwait(false))
            {
                throw new Http1ConnectionClosedException();
            }

            // FillAsync may have moved the unread bytes to the front.
            scanFrom -= consumedBefore - start;
        }
    }

    /// <summary>
    /// Completes the exchange from what is buffered when it holds a whole final response framed by Content-Length (or
    /// without a body); otherwise consumes nothing and returns false, leaving the rest to <see cref="ReadResponseAsync"/>.
    /// </summary>
    private bool TryCompleteFromBuffer(bool isHead)
    {
        var span = buffer.AsSpan(start, end - start);
        var headLength = span.IndexOf(HeaderEnd);
        if (headLength < 0)
        {
            return false;
        }

        var head = ParseHead(span[..headLength]);
        if (head.Status is >= 100 and < 200)
        {
            return false;
        }

        var bodyless = isHead || head.Status is 204 or 304;
        if (!bodyless && (head.Chunked || head.ContentLength < 0))
        {
            return false;
        }

        var total = headLength + HeaderEnd.Length + (bodyless ? 0 : head.ContentLength);
        if (total > span.Length)
        {
            return false;
        }

        status = head.Status;
        keepAlive = head.KeepAlive && total == span.Length;
        start = end = 0;
        return true;
    }

    private static ResponseHead ParseHead(ReadOnlySpan<byte> head)
    {
        var lineEnd = head.IndexOf(LineEnd);
        var statusLine = lineEnd < 0 ? head : head[..lineEnd];
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[8] != (byte)' '
            || !char.IsAsciiDigit((char)statusLine[9]) || !char.IsAsciiDigit((char)statusLine[10]) || !char.IsAsciiDigit((char)statusLine[11])
            || (statusLine.Length > 12 && statusLine[12] != (byte)' '))
        {
            throw new Http1ProtocolException($"malformed status line '{Printable(statusLine)}'");
        }

        var code = ((statusLine[9] - '0') * 100) + ((statusLine[10] - '0') * 10) + (statusLine[11] - '0');
        var keepAlive = statusLine[7] != (byte)'0';
        long contentLength = -1;
        var chunked = false;
        var rest = lineEnd < 0 ? [] : head[(lineEnd + LineEnd.Length)..];
        while (!rest.IsEmpty)
        {
            var next = rest.IndexOf(LineEnd);
            var line = next < 0 ? rest : rest[..next];
            rest = next < 0 ? [] : rest[(next + LineEnd.Length)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                throw new Http1ProtocolException($"malformed header line '{Printable(line)}'");
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                if (!Utf8Parser.TryParse(value, out long length, out var used) || used != value.Length || length < 0)
                {
                    throw new Http1ProtocolException($"malformed Content-Length '{Printable(value)}'");
                }

                contentLength = length;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                chunked = EndsWithToken(value, "chunked"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                if (ContainsToken(value, "close"u8))
                {
                    keepAlive = false;
                }
                else if (ContainsToken(value, "keep-alive"u8))
                {
                    keepAlive = true;
                }
            }
        }

        return new ResponseHead(code, contentLength, chunked, keepAlive);
    }

    /// <summary>Skips <paramref name="count"/> bytes of body, reading as needed.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask DrainAsync(long count)
    {
        while (true)
        {
            var available = end - start;
            if (available >= count)
            {
                start += (int)count;
                return;
            }

            count -= available;
            start = end;
            if (!await FillAsync().ConfigureAwait(false))
            {
                throw new Http1ConnectionClosedException();
            }
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask DrainChunkedAsync()
    {
        while (true)
        {
            var size = ParseChunkSize(await ReadLineAsync().ConfigureAwait(false));
            if (size == 0)
            {
                // Trailer fields, up to the empty line.
                while (await ReadLineAsync().ConfigureAwait(false) > 0)
                {
                }

                return;
            }

            await DrainAsync(size + LineEnd.Length).ConfigureAwait(false);
        }
    }

    /// <summary>Makes the next line available at <see cref="start"/>; returns its length and leaves start at its beginning.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadLineAsync()
    {
        while (true)
        {
            var found = buffer.AsSpan(start, end - start).IndexOf(LineEnd);
            if (found >= 0)
            {
                lineStart = start;
                start += found + LineEnd.Length;
                return found;
            }

            if (end - start > MaxChunkLineBytes)
            {
                throw new Http1ProtocolException("a chunk size line is too long");
            }

            if (!await FillAsync().ConfigureAwait(false))
            {
                throw new Http1ConnectionClosedException();
            }
        }
    }

    private long ParseChunkSize(int lineLength)
    {
        var line = buffer.AsSpan(lineStart, lineLength);
        var extension = line.IndexOf((byte)';');
        var digits = (extension < 0 ? line : line[..extension]).Trim(" \t"u8);
        if (!Utf8Parser.TryParse(digits, out long size, out var used, 'X') || used != digits.Length || size < 0)
        {
            throw new Http1ProtocolException($"malformed chunk size '{Printable(line)}'");
        }

        return size;
    }

    private static bool ContainsToken(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
    {
        foreach (var range in value.Split((byte)','))
        {
            if (Ascii.EqualsIgnoreCase(value[range].Trim(" \t"u8), token))
            {
                return true;
            }
        }

        return false;
    }

    private static bool EndsWithToken(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
    {
        var comma = value.LastIndexOf((byte)',');
        return Ascii.EqualsIgnoreCase(value[(comma + 1)..].Trim(" \t"u8), token);
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.ASCII.GetString(bytes[..Math.Min(bytes.Length, 80)]);
        return new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }

    private readonly record struct ResponseHead(int Status, long ContentLength, bool Chunked, bool KeepAlive);
}
