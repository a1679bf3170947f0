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

    private void ReadData(byte flags, int streamId, ReadOnlySpan<byte> payload, int frameBytes, long now)
    {
        // Flow control counts the whole payload, padding included, whether or not the stream is still ours.
        connectionUnacknowledged += payload.Length;
        if (connectionUnacknowledged >= WindowTopUp)
        {
            AppendWindowUpdate(0, connectionUnacknowledged);
            connectionUnacknowledged = 0;
        }

        if (!active.TryGetValue(streamId, out var stream))
        {
            return;
        }

        stream.Received += frameBytes;
        stream.FirstByteTimestamp = stream.FirstByteTimestamp == 0 ? now : stream.FirstByteTimestamp;
        stream.UnacknowledgedData += payload.Length;
        if (stream.Status == 0)
        {
            Complete(stream, stream.Ended(FailureClassifier.Error, new Http2ProtocolException("DATA arrived before the response headers")));
            AppendRstStream(streamId, 0x1);
            return;
        }

        if ((flags & Http2Frames.EndStream) != 0)
        {
            Complete(stream, stream.Ended());
        }
        else if (stream.UnacknowledgedData >= WindowTopUp)
        {
            AppendWindowUpdate(streamId, stream.UnacknowledgedData);
            stream.UnacknowledgedData = 0;
        }
    }

    private void ReadHeaders(byte flags, int streamId, ReadOnlySpan<byte> payload, int frameBytes, long now)
    {
        var fragment = payload;
        if ((flags & Http2Frames.Padded) != 0)
        {
            var padding = fragment.IsEmpty ? int.MaxValue : fragment[0];
            if (padding >= fragment.Length)
            {
                throw new Http2ProtocolException("a HEADERS frame's padding is longer than the frame");
            }

            fragment = fragment[1..^padding];
        }

        if ((flags & Http2Frames.Priority) != 0)
        {
            if (fragment.Length < 5)
            {
                throw new Http2ProtocolException("a HEADERS frame's priority fields are truncated");
            }

            fragment = fragment[5..];
        }

        if (active.TryGetValue(streamId, out var stream))
        {
            stream.Received += frameBytes;
            stream.FirstByteTimestamp = stream.FirstByteTimestamp == 0 ? now : stream.FirstByteTimestamp;
        }

        var endStream = (flags & Http2Frames.EndStream) != 0;
        if ((flags & Http2Frames.EndHeaders) != 0)
        {
            ReadHeaderBlock(streamId, fragment, endStream);
            return;
        }

        headerBlock = new byte[Math.Max(fragment.Length * 2, 1024)];
        fragment.CopyTo(headerBlock);
        headerBlockLength = fragment.Length;
        headerBlockStream = streamId;
        headerBlockEndsStream = endStream;
    }

    private void ReadContinuation(byte flags, int streamId, ReadOnlySpan<byte> payload, int frameBytes)
    {
        if (headerBlock is null)
        {
            throw new Http2ProtocolException("a CONTINUATION frame came without a header block to continue");
        }

        if (active.TryGetValue(streamId, out var stream))
        {
            stream.Received += frameBytes;
        }

        if (headerBlockLength + payload.Length > headerBlock.Length)
        {
            Array.Resize(ref headerBlock, Math.Max(headerBlock.Length * 2, headerBlockLength + payload.Length));
        }

        payload.CopyTo(headerBlock.AsSpan(headerBlockLength));
        headerBlockLength += payload.Length;
        if ((flags & Http2Frames.EndHeaders) != 0)
        {
            var block = headerBlock;
            headerBlock = null;
            ReadHeaderBlock(streamId, block.AsSpan(0, headerBlockLength), headerBlockEndsStream);
        }
    }

    /// <summary>A whole header block: the response's status (interim 1xx ones skipped), or trailers.</summary>
    private void ReadHeaderBlock(int streamId, ReadOnlySpan<byte> block, bool endStream)
    {
        if (!active.TryGetValue(streamId, out var stream))
        {
            // A stream that already ended here (a timeout): with no dynamic table there is nothing to keep in step.
            return;
        }

        var status = Hpack.ReadStatus(block);
        if (stream.Status == 0 && status is >= 100 and < 200 and not 101 && !endStream)
        {
            return;
        }

        if (stream.Status == 0)
        {
            if (status == 0)
            {
                Complete(stream, stream.Ended(FailureClassifier.Error, new Http2ProtocolException("a response came without a :status")));
                AppendRstStream(streamId, 0x1);
                return;
            }

            stream.Status = status;
        }

        if (endStream)
        {
            Complete(stream, stream.Ended());
        }
    }

    private void ReadRstStream(int streamId, uint code)
    {
        if (!active.TryGetValue(streamId, out var stream))
        {
            return;
        }

        stream.Unprocessed = code == Http2Frames.RefusedStream;
        Complete(stream, stream.Ended(FailureClassifier.Reset, new Http2StreamResetException($"The server reset the stream ({Http2Frames.ErrorName(code)}).")));
    }

    private void ReadSettings(ReadOnlySpan<byte> payload)
    {
        if (payload.Length % 6 != 0)
        {
            throw new Http2ProtocolException("a SETTINGS frame's length is not a multiple of 6");
        }

        for (var i = 0; i < payload.Length; i += 6)
        {
            var id = BinaryPrimitives.ReadUInt16BigEndian(payload[i..]);
            var value = BinaryPrimitives.ReadUInt32BigEndian(payload[(i + 2)..]);
            switch (id)
            {
                case Http2Frames.SettingsMaxConcurrentStreams:
                    serverMaxStreams = value;
                    break;
                case Http2Frames.SettingsInitialWindowSize:
                    foreach (var stream in active.Values)
                    {
                        stream.SendWindow += value - serverInitialWindow;
                    }

                    serverInitialWindow = value;
                    break;
                case Http2Frames.SettingsMaxFrameSize:
                    serverMaxFrameSize = (int)Math.Clamp(value, Http2Frames.MaxPayload, 16_777_215);
                    break;
            }
        }

        AppendSettingsAck();
        PumpBodies();
        OpenQueued();
    }

    /// <summary>
    /// GOAWAY: no new streams here. Streams above the last one the server processed never reached it: they end as
    /// unprocessed, so they are sent again on another connection and counted once.
    /// </summary>
    private void ReadGoAway(int lastStreamId, uint code)
    {
        goingAway = true;
        foreach (var stream in active.Values.Where(s => s.Id > lastStreamId).ToList())
        {
            stream.Unprocessed = true;
            Complete(stream, stream.Ended(FailureClassifier.Reset, new IOException($"The server is closing the connection ({Http2Frames.ErrorName(code)}).")));
        }

        foreach (var stream in queued)
        {
            stream.Unprocessed = true;
            completions.Add((stream, stream.Ended(FailureClassifier.Reset, new IOException("The server is closing the connection."))));
        }

        queued.Clear();
    }

    private void ReadWindowUpdate(int streamId, uint increment)
    {
        if (streamId == 0)
        {
            connectionSendWindow += increment;
        }
        else if (active.TryGetValue(streamId, out var stream))
        {
            stream.SendWindow += increment;
        }

        PumpBodies();
    }

    private static int FrameLength(ReadOnlySpan<byte> header) => (header[0] << 16) | (header[1] << 8) | header[2];
}
