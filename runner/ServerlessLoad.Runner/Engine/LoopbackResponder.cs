using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ServerlessLoad.Runner.Engine;

/// <summary>
/// A minimal HTTP/1.1 server on a loopback port of this process, for the engine's warm-up: it answers every request
/// head it reads (bodies are not expected) with an empty 200 on a keep-alive connection.
/// </summary>
internal sealed class LoopbackResponder : IAsyncDisposable
{
    private static readonly byte[] Response = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    private readonly Socket listener;
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;

    private LoopbackResponder(Socket listener)
    {
        this.listener = listener;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        accepting = AcceptAsync();
    }

    public int Port { get; }

    public static LoopbackResponder Start()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(64);
        return new LoopbackResponder(listener);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        listener.Dispose();
        try
        {
            await accepting.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var socket = await listener.AcceptAsync(stop.Token).ConfigureAwait(false);
                connections.Add(ServeAsync(socket));
            }
        }
        finally
        {
            await Task.WhenAll(connections).ConfigureAwait(false);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            var buffer = new byte[4096];
            var matched = 0;
            try
            {
                while (true)
                {
                    var read = await socket.ReceiveAsync(buffer, SocketFlags.None, stop.Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return;
                    }

                    // Count request heads by their terminating blank line, even when it spans two reads.
                    var heads = 0;
                    for (var i = 0; i < read; i++)
                    {
                        matched = buffer[i] == (matched is 0 or 2 ? (byte)'\r' : (byte)'\n') ? matched + 1 : buffer[i] == '\r' ? 1 : 0;
                        if (matched == 4)
                        {
                            heads++;
                            matched = 0;
                        }
                    }

                    for (var i = 0; i < heads; i++)
                    {
                        await socket.SendAsync(Response, SocketFlags.None, stop.Token).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client or the warm-up ended the connection.
            }
        }
    }
}
