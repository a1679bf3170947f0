using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;

namespace ServerlessLoad.Cli.Target;

/// <summary>
/// The demo target's <c>/ws/echo</c>: accepts a WebSocket and sends every message back as it came (text or binary,
/// frame by frame). <c>?delayMs=N</c> waits N ms before echoing each message; <c>?closeAfter=N</c> closes the
/// connection (normal closure) after echoing N messages, so clients can see a server-side close.
/// </summary>
internal sealed class WebSocketEcho(TimeProvider time)
{
    private const int BufferSize = 16 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("/ws/echo takes a WebSocket upgrade (GET with Upgrade: websocket)", context.RequestAborted);
            return;
        }

        var query = context.Request.Query;
        if (!TryReadCount(query["delayMs"], out var delayMs) || !TryReadCount(query["closeAfter"], out var closeAfter))
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("delayMs and closeAfter must be non-negative whole numbers", context.RequestAborted);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            await EchoAsync(socket, buffer, TimeSpan.FromMilliseconds(delayMs ?? 0), closeAfter, context.RequestAborted);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested || socket.State == WebSocketState.Aborted)
        {
            // The client went away: nothing left to echo.
        }
        catch (WebSocketException)
        {
            // The client broke the protocol or the connection; this demo server just drops it.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task EchoAsync(WebSocket socket, byte[] buffer, TimeSpan delay, long? closeAfter, CancellationToken aborted)
    {
        long echoed = 0;
        var startOfMessage = true;
        while (true)
        {
            if (closeAfter is { } limit && echoed >= limit)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "closeAfter reached", aborted);
                return;
            }

            var result = await socket.ReceiveAsync(buffer.AsMemory(), aborted);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, aborted);
                return;
            }

            if (startOfMessage && delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time, aborted);
            }

            await socket.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, aborted);
            startOfMessage = result.EndOfMessage;
            if (result.EndOfMessage)
            {
                echoed++;
            }
        }
    }

    private static bool TryReadCount(Microsoft.Extensions.Primitives.StringValues values, out long? count)
    {
        count = null;
        if (values.Count == 0)
        {
            return true;
        }

        if (long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            count = parsed;
            return true;
        }

        return false;
    }
}
