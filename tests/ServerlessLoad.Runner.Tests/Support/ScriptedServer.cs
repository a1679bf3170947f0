using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ServerlessLoad.Runner.Tests.Support;

/// <summary>
/// A raw TCP server on 127.0.0.1 that answers each request (read up to the blank line, plus Content-Length bytes of
/// body) with the next scripted reply: bytes written in pieces, with pauses, optionally closing the connection after.
/// Counts connections and requests, and keeps the raw requests it read.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly Func<int, Reply> script;
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> connections = [];
    private readonly Task accepting;
    private int requests;
    private int accepted;

    public ScriptedServer(Func<int, Reply> script)
    {
        this.script = script;
        listener.Start();
        accepting = AcceptAsync();
    }

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");

    public int Requests => Volatile.Read(ref requests);

    public int Connections => Volatile.Read(ref accepted);

    public List<string> RawRequests { get; } = [];

    public static Reply Ok(string body, string extraHeaders = "") =>
        new([$"HTTP/1.1 200 OK\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n{extraHeaders}\r\n{body}"]);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Task[] open;
        lock (connections)
        {
            open = [.. connections];
        }

        await Task.WhenAll(open).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            Interlocked.Increment(ref accepted);
            lock (connections)
            {
                connections.Add(ServeAsync(socket));
            }
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var _ = socket;
        var pending = new List<byte>();
        var buffer = new byte[64 * 1024];
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var request = await ReadRequestAsync(socket, pending, buffer);
                if (request is null)
                {
                    return;
                }

                lock (RawRequests)
                {
                    RawRequests.Add(request);
                }

                var reply = script(Interlocked.Increment(ref requests) - 1);
                foreach (var piece in reply.Pieces)
                {
                    if (reply.PauseBetweenPieces > TimeSpan.Zero)
                    {
                        await Task.Delay(reply.PauseBetweenPieces, stop.Token);
                    }

                    await socket.SendAsync(Encoding.UTF8.GetBytes(piece), SocketFlags.None, stop.Token);
                }

                if (reply.Close)
                {
                    socket.Shutdown(SocketShutdown.Both);
                    return;
                }
            }
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
        }
        catch (SocketException)
        {
        }
    }

    private static async Task<string?> ReadRequestAsync(Socket socket, List<byte> pending, byte[] buffer)
    {
        while (true)
        {
            var text = Encoding.UTF8.GetString([.. pending]);
            var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headEnd >= 0)
            {
                var length = 0;
                foreach (var line in text[..headEnd].Split("\r\n"))
                {
                    if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    {
                        length = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    }
                }

                var total = Encoding.UTF8.GetByteCount(text[..(headEnd + 4)]) + length;
                if (pending.Count >= total)
                {
                    var request = Encoding.UTF8.GetString([.. pending.Take(total)]);
                    pending.RemoveRange(0, total);
                    return request;
                }
            }

            var read = await socket.ReceiveAsync(buffer, SocketFlags.None);
            if (read == 0)
            {
                return null;
            }

            pending.AddRange(buffer.AsSpan(0, read).ToArray());
        }
    }

    /// <summary>What to write back: the pieces in order (with a pause before each), then close or keep the connection.</summary>
    internal sealed record Reply(IReadOnlyList<string> Pieces, bool Close = false, TimeSpan PauseBetweenPieces = default);
}
