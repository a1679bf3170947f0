using System.Net.Security;
using System.Net.Sockets;
using ServerlessLoad.Runner.Engine.Http;

namespace ServerlessLoad.Runner.Engine.Http2;

/// <summary>The connection's life: connecting (TCP, then TLS with ALPN h2), the preface, reading, and its end.</summary>
internal sealed partial class Http2Connection
{
    /// <summary>The connection's life: connect, write the preface, then read until it fails or is closed.</summary>
    private async Task RunAsync()
    {
        Exception? failure = null;
        var connected = false;
        try
        {
            var connectStarted = time.GetTimestamp();
            await ConnectAsync().ConfigureAwait(false);
            var connectMicros = Micros(connectStarted, time.GetTimestamp());
            connected = true;
            lock (gate)
            {
                if (active.TryGetValue(1, out var first))
                {
                    first.ConnectMicros = connectMicros;
                }
            }

            await WriteAsync(Http2Frames.ClientPreface()).ConfigureAwait(false);
            await FlushAsync().ConfigureAwait(false);
            await ReadFramesAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            failure = e;
        }

        Fail(failure ?? new IOException("The connection closed."), connected);
    }

    private async ValueTask ConnectAsync()
    {
        var connectedSocket = await endpoint.ConnectAsync(Publish).ConfigureAwait(false);
        if (endpoint.Tls is null)
        {
            return;
        }

        var stream = new SslStream(new NetworkStream(connectedSocket, ownsSocket: false));
        lock (gate)
        {
            if (abortReason != AbortReason.None)
            {
                stream.Dispose();
                throw new OperationCanceledException("The exchange was aborted before it connected.");
            }

            tls = stream;
        }

        await stream.AuthenticateAsClientAsync(endpoint.Tls, CancellationToken.None).ConfigureAwait(false);
        if (stream.NegotiatedApplicationProtocol != SslApplicationProtocol.Http2)
        {
            throw new Http2ProtocolException(
                $"the server did not agree to HTTP/2 over TLS (ALPN offered h2, it chose '{stream.NegotiatedApplicationProtocol}')");
        }
    }

    /// <summary>Makes the socket being connected the connection's (so an abort closes it); false once aborted.</summary>
    private bool Publish(Socket candidate)
    {
        lock (gate)
        {
            if (abortReason != AbortReason.None)
            {
                return false;
            }

            socket?.Dispose();
            socket = candidate;
            return true;
        }
    }

    /// <summary>Ends every stream still on the connection and closes it.</summary>
    private void Fail(Exception failure, bool connected)
    {
        lock (gate)
        {
            closed = true;
            var stopped = abortReason == AbortReason.Stopped;
            var category = failure switch
            {
                Http2ProtocolException => FailureClassifier.Error,
                _ => FailureClassifier.Categorize(failure),
            };
            foreach (var stream in active.Values)
            {
                completions.Add((stream, stream.Ended(stopped ? null : category, stopped ? null : failure, stopped)));
            }

            foreach (var stream in queued)
            {
                // Never sent: once connected, another connection may carry it.
                stream.Unprocessed = connected && !stopped;
                completions.Add((stream, stream.Ended(stopped ? null : category, stopped ? null : failure, stopped)));
            }

            active.Clear();
            queued.Clear();
            blockedBodies.Clear();
            tls?.Dispose();
            socket?.Dispose();
            tls = null;
            socket = null;
        }

        lane.Remove(this);
        HandOverCompletions();
    }
}
