using System.Buffers.Binary;
using System.Net.Sockets;

namespace ServerlessLoad.Runner.Engine.Http2;

/// <summary>
/// Frames go into <see cref="pending"/> under the lock; one writer at a time flushes it (swapping it with
/// <see cref="spare"/>, so frames appended meanwhile wait for the next write). While the reader hands responses over,
/// nobody flushes: the requests those VUs start leave together when it is done.
/// </summary>
internal sealed partial class Http2Connection
{
    private readonly List<Http2Stream> blockedBodies = [];
    private byte[] pending = new byte[1024];
    private byte[] spare = new byte[1024];
    private int pendingLength;
    private bool writing;
    private bool dispatching;
    private long serverInitialWindow = 65_535;
    private int serverMaxFrameSize = Http2Frames.MaxPayload;
    private long connectionSendWindow = 65_535;

    /// <summary>Whether the caller should start the writer now (under the lock); <paramref name="force"/> holds it even while empty.</summary>
    private bool TakeWriter(bool force = false)
    {
        if (writing || (!force && (dispatching || pendingLength == 0)))
        {
            return false;
        }

        writing = true;
        return true;
    }

    /// <summary>Writes what is pending until nothing is; the caller took the writer (<see cref="TakeWriter"/>).</summary>
    private async Task FlushAsync()
    {
        try
        {
            while (true)
            {
                byte[] chunk;
                int length;
                lock (gate)
                {
                    if (pendingLength == 0 || socket is null)
                    {
                        writing = false;
                        return;
                    }

                    (chunk, length) = (pending, pendingLength);
                    (pending, spare) = (spare, pending);
                    pendingLength = 0;
                }

                await WriteAsync(chunk.AsMemory(0, length)).ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // The reader sees the closed connection and ends its streams.
            lock (gate)
            {
                writing = false;
                socket?.Dispose();
            }
        }
    }

    private async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes)
    {
        if (tls is { } secure)
        {
            await secure.WriteAsync(bytes).ConfigureAwait(false);
            return;
        }

        var current = socket ?? throw new ObjectDisposedException(nameof(Socket));
        while (!bytes.IsEmpty)
        {
            var sent = await current.SendAsync(bytes, SocketFlags.None).ConfigureAwait(false);
            bytes = bytes[sent..];
        }
    }

    private Span<byte> Append(int length)
    {
        if (pendingLength + length > pending.Length)
        {
            Array.Resize(ref pending, Math.Max(pending.Length * 2, pendingLength + length));
        }

        var span = pending.AsSpan(pendingLength, length);
        pendingLength += length;
        return span;
    }

    /// <summary>HEADERS (and CONTINUATION frames when the block is larger than the server's frame size).</summary>
    private void AppendHeaders(int streamId, byte[] block, bool endStream)
    {
        var offset = 0;
        var type = Http2Frames.Headers;
        do
        {
            var length = Math.Min(block.Length - offset, serverMaxFrameSize);
            var last = offset + length == block.Length;
            var flags = (byte)((last ? Http2Frames.EndHeaders : 0) | (endStream && type == Http2Frames.Headers ? Http2Frames.EndStream : 0));
            var frame = Append(Http2Frames.HeaderSize + length);
            Http2Frames.WriteHeader(frame, length, type, flags, streamId);
            block.AsSpan(offset, length).CopyTo(frame[Http2Frames.HeaderSize..]);
            offset += length;
            type = Http2Frames.Continuation;
        }
        while (offset < block.Length);
    }

    /// <summary>Writes as much of every waiting body as the connection's and each stream's windows allow, in order.</summary>
    private void PumpBodies()
    {
        for (var i = 0; i < blockedBodies.Count && connectionSendWindow > 0;)
        {
            var stream = blockedBodies[i];
            var body = stream.Request!.Body!;
            while (stream.BodySent < body.Length && connectionSendWindow > 0 && stream.SendWindow > 0)
            {
                var length = (int)Math.Min(Math.Min(body.Length - stream.BodySent, serverMaxFrameSize), Math.Min(connectionSendWindow, stream.SendWindow));
                var last = stream.BodySent + length == body.Length;
                var frame = Append(Http2Frames.HeaderSize + length);
                Http2Frames.WriteHeader(frame, length, Http2Frames.Data, last ? Http2Frames.EndStream : (byte)0, stream.Id);
                body.AsSpan(stream.BodySent, length).CopyTo(frame[Http2Frames.HeaderSize..]);
                stream.BodySent += length;
                stream.SendWindow -= length;
                connectionSendWindow -= length;
            }

            if (stream.BodySent == body.Length)
            {
                blockedBodies.RemoveAt(i);
            }
            else
            {
                i++;
            }
        }
    }

    private void AppendRstStream(int streamId, uint code)
    {
        var frame = Append(Http2Frames.HeaderSize + 4);
        Http2Frames.WriteHeader(frame, 4, Http2Frames.RstStream, 0, streamId);
        BinaryPrimitives.WriteUInt32BigEndian(frame[Http2Frames.HeaderSize..], code);
    }

    private void AppendWindowUpdate(int streamId, long increment)
    {
        var frame = Append(Http2Frames.HeaderSize + 4);
        Http2Frames.WriteHeader(frame, 4, Http2Frames.WindowUpdate, 0, streamId);
        BinaryPrimitives.WriteUInt32BigEndian(frame[Http2Frames.HeaderSize..], (uint)increment);
    }

    private void AppendSettingsAck()
    {
        var frame = Append(Http2Frames.HeaderSize);
        Http2Frames.WriteHeader(frame, 0, Http2Frames.Settings, Http2Frames.Ack, 0);
    }

    private void AppendPingAck(ReadOnlySpan<byte> opaque)
    {
        var frame = Append(Http2Frames.HeaderSize + 8);
        Http2Frames.WriteHeader(frame, 8, Http2Frames.Ping, Http2Frames.Ack, 0);
        opaque.CopyTo(frame[Http2Frames.HeaderSize..]);
    }
}
