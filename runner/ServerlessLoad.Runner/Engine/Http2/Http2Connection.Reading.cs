using System.Buffers.Binary;
using System.Net.Sockets;
using ServerlessLoad.Runner.Engine.Http;

namespace ServerlessLoad.Runner.Engine.Http2;

/// <summary>
/// The read side: frames are parsed in place from one buffer (grown to the largest frame, 16 KB), a whole read at a
/// time under the lock; the streams that ended are handed over after it, and the requests their VUs start meanwhile
/// are flushed in one write.
/// </summary>
internal sealed partial class Http2Connection
{
    // Windows are topped up once this much arrived: rarely, as both start at the largest size.
    private const long WindowTopUp = 1L << 30;

    private byte[] buffer = new byte[4 * 1024];
    private int start;
    private int end;
    private long connectionUnacknowledged;

    // A header block that continues in CONTINUATION frames.
    private byte[]? headerBlock;
    private int headerBlockLength;
    private int headerBlockStream;
    private bool headerBlockEndsStream;

    private async Task ReadFramesAsync()
    {
        while (true)
        {
            if (end == buffer.Length)
            {
                MakeRoom();
            }

            var read = tls is { } secure
                ? await secure.ReadAsync(buffer.AsMemory(end)).ConfigureAwait(false)
                : await (socket ?? throw new ObjectDisposedException(nameof(Socket))).ReceiveAsync(buffer.AsMemory(end), SocketFlags.None).ConfigureAwait(false);
            if (read == 0)
            {
                throw new Http1ConnectionClosedException("The server closed the HTTP/2 connection.");
            }

            end += read;
            var now = time.GetTimestamp();
            bool flush;
            lock (gate)
            {
                dispatching = true;
                ReadBufferedFrames(now);
            }

            try
            {
                HandOverCompletions();
            }
            finally
            {
                lock (gate)
                {
                    dispatching = false;
                    flush = TakeWriter();
                }
            }

            if (flush)
            {
                _ = FlushAsync();
            }

            lock (gate)
            {
                if (goingAway && active.Count == 0 && queued.Count == 0)
                {
                    // Told to go away and nothing left to read: close it; the lane has moved on.
                    return;
                }
            }
        }
    }

    /// <summary>Moves a partial frame to the front of the buffer, growing it when the frame is larger.</summary>
    private void MakeRoom()
    {
        if (start > 0)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }

        var needed = end >= Http2Frames.HeaderSize ? Http2Frames.HeaderSize + FrameLength(buffer) : 0;
        if (end == buffer.Length || needed > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, needed));
        }
    }

    private void ReadBufferedFrames(long now)
    {
        while (end - start >= Http2Frames.HeaderSize)
        {
            var header = buffer.AsSpan(start, Http2Frames.HeaderSize);
            var length = FrameLength(header);
            if (length > Http2Frames.MaxPayload)
            {
                throw new Http2ProtocolException($"a frame of {length} bytes is larger than the {Http2Frames.MaxPayload} this client allows");
            }

            if (end - start < Http2Frames.HeaderSize + length)
            {
                break;
            }

            var type = header[3];
            var flags = header[4];
            var streamId = (int)(BinaryPrimitives.ReadUInt32BigEndian(header[5..]) & 0x7FFF_FFFF);
            var payload = buffer.AsSpan(start + Http2Frames.HeaderSize, length);
            start += Http2Frames.HeaderSize + length;
            if (headerBlock is not null && (type != Http2Frames.Continuation || streamId != headerBlockStream))
            {
                throw new Http2ProtocolException("a header block was interrupted by another frame");
            }

            Read(type, flags, streamId, payload, now);
        }

        if (start == end)
        {
            start = end = 0;
        }
        else if (end == buffer.Length || (end - start >= Http2Frames.HeaderSize && start + Http2Frames.HeaderSize + FrameLength(buffer.AsSpan(start)) > buffer.Length))
        {
            MakeRoom();
        }
    }

    private void Read(byte type, byte flags, int streamId, ReadOnlySpan<byte> payload, long now)
    {
        var frameBytes = Http2Frames.HeaderSize + payload.Length;
        switch (type)
        {
            case Http2Frames.Data:
                ReadData(flags, streamId, payload, frameBytes, now);
                break;
            case Http2Frames.Headers:
                ReadHeaders(flags, streamId, payload, frameBytes, now);
                break;
            case Http2Frames.Continuation:
                ReadContinuation(flags, streamId, payload, frameBytes);
                break;
            case Http2Frames.RstStream when payload.Length == 4:
                ReadRstStream(streamId, BinaryPrimitives.ReadUInt32BigEndian(payload));
                break;
            case Http2Frames.Settings when (flags & Http2Frames.Ack) == 0:
                ReadSettings(payload);
                break;
            case Http2Frames.Ping when (flags & Http2Frames.Ack) == 0 && payload.Length == 8:
                AppendPingAck(payload);
                break;
            case Http2Frames.GoAway when payload.Length >= 8:
                ReadGoAway((int)(BinaryPrimitives.ReadUInt32BigEndian(payload) & 0x7FFF_FFFF), BinaryPrimitives.ReadUInt32BigEndian(payload[4..]));
                break;
            case Http2Frames.WindowUpdate when payload.Length == 4:
                ReadWindowUpdate(streamId, BinaryPrimitives.ReadUInt32BigEndian(payload) & 0x7FFF_FFFF);
                break;
            case Http2Frames.PushPromise:
                throw new Http2ProtocolException("the server pushed a stream although this client turned push off");
            case Http2Frames.RstStream or Http2Frames.Ping or Http2Frames.GoAway or Http2Frames.WindowUpdate:
                throw new Http2ProtocolException($"a frame of type {type} has the wrong size ({payload.Length} bytes)");
            default:
                // PRIORITY, SETTINGS acknowledgements, unknown extension frames: nothing to do.
                break;
        }
    }

    private static int FrameLength(ReadOnlySpan<byte> header) => (header[0] << 16) | (header[1] << 8) | header[2];
}
