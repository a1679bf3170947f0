using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;

namespace ServerlessLoad.Runner.Engine.Steps;

/// <summary>What waiting for the next message of a <see cref="WebSocketInbox"/> gave.</summary>
internal enum InboxEvent
{
    /// <summary>A whole text message, readable as <see cref="WebSocketInbox.Text"/>.</summary>
    Text,

    /// <summary>A whole message that is not matched: binary, or larger than <see cref="WebSocketInbox.MaxMessageBytes"/>.</summary>
    Skipped,

    /// <summary>The deadline passed; a receive in progress stays pending for the next wait.</summary>
    TimedOut,

    /// <summary>The connection ended: see <see cref="WebSocketInbox.LostCategory"/>.</summary>
    Lost,
}

/// <summary>
/// Reads whole messages from one WebSocket, waiting up to a deadline without aborting the socket: ClientWebSocket
/// aborts the connection when a receive is cancelled, so a receive still running when a wait ends is kept and the next
/// wait continues it. One receive buffer serves every frame; messages spanning frames are assembled up to 1 MiB.
/// </summary>
internal sealed class WebSocketInbox
{
    public const int MaxMessageBytes = 1024 * 1024;

    private const int ReceiveBufferSize = 16 * 1024;

    private const int YieldEveryFrames = 64;

    private readonly WebSocket socket;
    private readonly TimeProvider time;
    private byte[]? receiveBuffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
    private byte[]? assembly;
    private char[]? chars;
    private int assembled;
    private bool oversize;
    private int textLength;
    private long synchronousFrames;
    private Task<ValueWebSocketReceiveResult>? pending;

    public WebSocketInbox(WebSocket socket, TimeProvider time)
    {
        this.socket = socket;
        this.time = time;
    }

    /// <summary>Payload bytes of every message frame received so far.</summary>
    public long BytesReceived { get; private set; }

    /// <summary>closed (the server closed the connection), reset, timeout or error; null while the connection is open.</summary>
    public string? LostCategory { get; private set; }

    /// <summary>Why the connection ended, for failure samples.</summary>
    public string? LostDetail { get; private set; }

    /// <summary>The last <see cref="InboxEvent.Text"/> message, decoded.</summary>
    public ReadOnlySpan<char> Text => chars.AsSpan(0, textLength);

    /// <summary>
    /// The next whole message, or <see cref="InboxEvent.TimedOut"/> once the monotonic timestamp
    /// <paramref name="deadline"/> passes. A stop throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public async ValueTask<InboxEvent> NextAsync(long deadline, CancellationToken stop)
    {
        while (true)
        {
            if (LostCategory is not null)
            {
                return InboxEvent.Lost;
            }

            // Checked on every frame: a peer sending without pause completes receives synchronously, and the wait
            // below, which would notice the deadline and the stop, is then never reached.
            stop.ThrowIfCancellationRequested();
            if (time.GetTimestamp() >= deadline)
            {
                return InboxEvent.TimedOut;
            }

            ValueWebSocketReceiveResult result;
            try
            {
                if (pending is null)
                {
                    var receive = socket.ReceiveAsync(receiveBuffer.AsMemory(), CancellationToken.None);
                    if (receive.IsCompletedSuccessfully)
                    {
                        result = receive.Result;

                        // A flood of frames already buffered would otherwise keep this thread (maybe the socket
                        // engine's event thread) to itself until the deadline.
                        if (++synchronousFrames % YieldEveryFrames == 0)
                        {
                            await Task.Yield();
                        }

                        if (Accept(result) is { } completed)
                        {
                            return completed;
                        }

                        continue;
                    }

                    pending = receive.AsTask();
                }

                if (!pending.IsCompleted)
                {
                    var remaining = Math.Max(0, deadline - time.GetTimestamp());
                    try
                    {
                        await pending.WaitAsync(TimeSpan.FromSeconds((double)remaining / time.TimestampFrequency), time, stop).ConfigureAwait(false);
                    }
                    catch (TimeoutException) when (!pending.IsCompleted)
                    {
                        return InboxEvent.TimedOut;
                    }
                    catch (Exception) when (pending.IsFaulted || pending.IsCanceled)
                    {
                        // The receive itself failed: taken below as the end of the connection.
                    }
                }

                stop.ThrowIfCancellationRequested();
                var done = pending;
                pending = null;
                result = await done.ConfigureAwait(false);
            }
            catch (Exception exception) when (!stop.IsCancellationRequested)
            {
                Lose(Categorize(exception), exception.Message);
                return InboxEvent.Lost;
            }

            if (Accept(result) is { } message)
            {
                return message;
            }
        }
    }

    /// <summary>Once the socket is aborted, waits briefly for a receive still in progress, then gives the buffers back.</summary>
    public async Task ReleaseAsync()
    {
        if (pending is { } receive)
        {
            pending = null;
            try
            {
                await receive.WaitAsync(TimeSpan.FromSeconds(1), time).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Still writing into the receive buffer: leave it to the garbage collector rather than to the pool.
                receiveBuffer = null;
            }
            catch (Exception)
            {
                // The aborted receive's failure is expected.
            }
        }

        Return(ref receiveBuffer);
        Return(ref assembly);
        if (chars is not null)
        {
            ArrayPool<char>.Shared.Return(chars);
            chars = null;
        }
    }

    /// <summary>Marks the connection as ended by something other than a receive (a failed send).</summary>
    public void Lose(string category, string detail)
    {
        LostCategory ??= category;
        LostDetail ??= detail;
    }

    private static string Categorize(Exception exception)
    {
        var category = FailureClassifier.Categorize(exception);
        return category == FailureClassifier.Error && exception is WebSocketException { WebSocketErrorCode: WebSocketError.ConnectionClosedPrematurely }
            ? WebSocketOutcomes.Closed
            : category;
    }

    /// <summary>Takes one frame; the event when it completes a message, null when more frames are needed.</summary>
    private InboxEvent? Accept(in ValueWebSocketReceiveResult result)
    {
        if (result.MessageType == WebSocketMessageType.Close)
        {
            var status = socket.CloseStatus is { } code ? ((int)code).ToString(CultureInfo.InvariantCulture) : "no status";
            var reason = string.IsNullOrEmpty(socket.CloseStatusDescription) ? "" : " " + socket.CloseStatusDescription;
            Lose(WebSocketOutcomes.Closed, $"the server closed the connection ({status}{reason})");
            return InboxEvent.Lost;
        }

        BytesReceived += result.Count;
        if (!result.EndOfMessage)
        {
            Append(result.Count);
            return null;
        }

        ReadOnlySpan<byte> payload;
        if (assembled == 0 && !oversize)
        {
            payload = receiveBuffer.AsSpan(0, result.Count);
        }
        else
        {
            Append(result.Count);
            payload = assembly.AsSpan(0, assembled);
        }

        var skip = oversize || result.MessageType != WebSocketMessageType.Text;
        if (!skip)
        {
            Decode(payload);
        }

        assembled = 0;
        oversize = false;
        return skip ? InboxEvent.Skipped : InboxEvent.Text;
    }

    private void Append(int count)
    {
        if (oversize)
        {
            return;
        }

        if (assembled + count > MaxMessageBytes)
        {
            // Counted, never matched: assembling it would hold megabytes per connection.
            oversize = true;
            assembled = 0;
            return;
        }

        if (assembly is null || assembly.Length < assembled + count)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(assembled + count, (assembly?.Length ?? ReceiveBufferSize) * 2));
            assembly.AsSpan(0, assembled).CopyTo(larger);
            Return(ref assembly);
            assembly = larger;
        }

        receiveBuffer.AsSpan(0, count).CopyTo(assembly.AsSpan(assembled));
        assembled += count;
    }

    private void Decode(ReadOnlySpan<byte> payload)
    {
        var needed = Encoding.UTF8.GetMaxCharCount(payload.Length);
        if (chars is null || chars.Length < needed)
        {
            if (chars is not null)
            {
                ArrayPool<char>.Shared.Return(chars);
            }

            chars = ArrayPool<char>.Shared.Rent(Math.Max(needed, 1024));
        }

        textLength = Encoding.UTF8.GetChars(payload, chars);
    }

    private static void Return(ref byte[]? buffer)
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }
    }
}
