using System.Buffers.Binary;
using ServerlessLoad.Runner.Engine.Http;

namespace ServerlessLoad.Runner.Engine.Http2;

/// <summary>
/// What each frame the server sends does to the streams and the connection (under the lock): response headers and
/// bodies, resets, settings, GOAWAY and window updates.
/// </summary>
internal sealed partial class Http2Connection
{
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
}
