using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace ServerlessLoad.Runner.Engine.Http;

/// <summary>
/// One keep-alive HTTP/1.1 connection of the socket engine, serving one exchange at a time, in clear text or over TLS
/// (an SslStream on the socket; the handshake counts as the connection's setup). It connects lazily (and again after
/// the server closed it), writes prebuilt request bytes, and reads the response in place from its own
/// buffer: status line, Content-Length or chunked framing, Connection: close; the body is drained and counted, never
/// stored. Nothing is allocated per exchange once the connection is warm.
/// </summary>
/// <remarks>
/// Time limits come from outside (see Http1Connection.Lifetime.cs): a <see cref="TimeoutWatcher"/> or the run stopping
/// calls <see cref="Abort"/>, which closes the socket so the pending operation fails.
/// </remarks>
internal sealed partial class Http1Connection : IDeadlineCheck, IDisposable
{
    // Small responses fit; bigger bodies stream through it, and a bigger header block grows it. Kept small because
    // every connection owns one (1,000 VUs hold 4 MB).
    private const int InitialBufferSize = 4 * 1024;
    private const int MaxHeaderBytes = 64 * 1024;

    private readonly HttpEndpoint endpoint;
    private readonly TimeProvider time;
    private readonly Lock abortGate = new();
    private readonly ReusableSignal<(PreparedRequest Request, long Deadline)> requests = new();
    private readonly ReusableSignal<ExchangeResult> results = new();
    private byte[] buffer = new byte[InitialBufferSize];
    private Socket? socket;
    private SslStream? tls;
    private int start;
    private int end;
    private long exchange;
    private bool inExchange;
    private long deadline = long.MaxValue;
    private AbortReason abortReason;
    private Task? loop;

    // State of the exchange in progress (one at a time).
    private int status;
    private long received;
    private long firstByteTimestamp;
    private bool keepAlive;

    public Http1Connection(HttpEndpoint endpoint, TimeProvider time)
    {
        this.endpoint = endpoint;
        this.time = time;
    }

    /// <summary>
    /// Sends the request and reads its whole response; the result says how it ended. One exchange at a time: the
    /// caller awaits the result before the next.
    /// </summary>
    public ValueTask<ExchangeResult> ExchangeAsync(PreparedRequest request, long deadlineTimestamp)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Http1Bytes is null)
        {
            throw new ArgumentException("The request has no HTTP/1.1 form.", nameof(request));
        }

        var result = results.WaitAsync();
        loop ??= RunExchangesAsync();
        requests.Set((request, deadlineTimestamp));
        return result;
    }

    /// <summary>
    /// The connection's life: wait for a request, exchange it, hand the result back. One long-lived method rather than
    /// one call per exchange, so its state lives in a single allocation however many exchanges it serves; the request
    /// is written on the thread that hands it over, and the result goes back on the socket's thread.
    /// </summary>
    private async Task RunExchangesAsync()
    {
        while (true)
        {
            var (request, deadlineTimestamp) = await requests.WaitAsync().ConfigureAwait(false);
            var bytes = request.Http1Bytes!;
            Begin(deadlineTimestamp);
            status = 0;
            received = 0;
            firstByteTimestamp = 0;
            keepAlive = false;
            long connectMicros = -1;
            ExchangeResult outcome;
            try
            {
                for (var attempt = 0; ; attempt++)
                {
                    var reused = socket is not null;
                    if (!reused)
                    {
                        var connectStarted = time.GetTimestamp();
                        await ConnectAsync().ConfigureAwait(false);
                        connectMicros = Micros(connectStarted, time.GetTimestamp());
                    }

                    try
                    {
                        if (tls is { } secure)
                        {
                            // One TLS record; usually written at once, as below.
                            var writing = secure.WriteAsync(bytes);
                            if (!writing.IsCompletedSuccessfully)
                            {
                                await writing.ConfigureAwait(false);
                            }
                        }
                        else
                        {
                            // Usually completes at once (the request fits the socket's send buffer).
                            var sending = Current().SendAsync(bytes.AsMemory(), SocketFlags.None);
                            var sent = sending.IsCompletedSuccessfully ? sending.Result : await sending.ConfigureAwait(false);
                            if (sent < bytes.Length)
                            {
                                await SendAsync(bytes, sent).ConfigureAwait(false);
                            }
                        }

                        // Fast path: one read usually brings the whole response of a small request.
                        var read = await ReceiveAsync().ConfigureAwait(false);
                        if (read == 0)
                        {
                            throw new Http1ConnectionClosedException();
                        }

                        firstByteTimestamp = time.GetTimestamp();
                        received += read;
                        end += read;
                        if (!TryCompleteFromBuffer(request.IsHead))
                        {
                            await ReadResponseAsync(request.IsHead).ConfigureAwait(false);
                        }

                        break;
                    }
                    catch (Exception e) when (reused && attempt == 0 && received == 0 && IsStaleConnection(e) && Reason() == AbortReason.None)
                    {
                        // The server closed an idle keep-alive connection: nothing of this request reached it, send it again.
                        CloseSocket();
                    }
                }

                outcome = new ExchangeResult(status, received, firstByteTimestamp, connectMicros, null, null, Stopped: false);
                if (!keepAlive || Reason() != AbortReason.None)
                {
                    CloseSocket();
                }
            }
            catch (Exception e)
            {
                CloseSocket();
                outcome = Reason() switch
                {
                    AbortReason.Stopped => new ExchangeResult(status, received, firstByteTimestamp, connectMicros, null, null, Stopped: true),
                    AbortReason.Timeout => new ExchangeResult(status, received, firstByteTimestamp, connectMicros, FailureClassifier.Timeout, e, Stopped: false),
                    _ => new ExchangeResult(status, received, firstByteTimestamp, connectMicros, Categorize(e), e, Stopped: false),
                };
            }

            End();
            results.Set(outcome);
        }
    }

    private static bool IsStaleConnection(Exception e) =>
        e is Http1ConnectionClosedException
        || (e is SocketException s && s.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown);

    private static string Categorize(Exception e) => e switch
    {
        Http1ConnectionClosedException => FailureClassifier.Reset,
        Http1ProtocolException => FailureClassifier.Error,
        _ => FailureClassifier.Categorize(e),
    };

    /// <summary>Connects, and over TLS shakes hands (resuming the endpoint's TLS session when the server allows).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ConnectAsync()
    {
        var connected = await endpoint.ConnectAsync(Publish).ConfigureAwait(false);
        if (endpoint.Tls is not { } options)
        {
            return;
        }

        var secure = new SslStream(new NetworkStream(connected, ownsSocket: false));
        lock (abortGate)
        {
            if (abortReason != AbortReason.None || socket != connected)
            {
                secure.Dispose();
                throw new OperationCanceledException("The exchange was aborted before it connected.");
            }

            tls = secure;
        }

        await secure.AuthenticateAsClientAsync(options, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Makes a socket being connected this connection's, so an abort closes it; false once aborted.</summary>
    private bool Publish(Socket candidate)
    {
        lock (abortGate)
        {
            if (abortReason != AbortReason.None)
            {
                return false;
            }

            socket = candidate;
            start = end = 0;
            return true;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendAsync(byte[] bytes, int sent)
    {
        while (sent < bytes.Length)
        {
            sent += await Current().SendAsync(bytes.AsMemory(sent), SocketFlags.None).ConfigureAwait(false);
        }
    }

    private Socket Current() => socket ?? throw new ObjectDisposedException(nameof(Socket));

    /// <summary>Reads into the buffer after <see cref="end"/>: from the socket, or decrypted from the TLS stream.</summary>
    private ValueTask<int> ReceiveAsync() =>
        tls is { } secure ? secure.ReadAsync(buffer.AsMemory(end)) : Current().ReceiveAsync(buffer.AsMemory(end), SocketFlags.None);

    /// <summary>Reads more bytes after <see cref="end"/>, making room first; false at the end of the stream.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> FillAsync()
    {
        if (start == end)
        {
            start = end = 0;
        }
        else if (end == buffer.Length)
        {
            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            else if (buffer.Length < MaxHeaderBytes)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            else
            {
                throw new Http1ProtocolException($"a response line or header block is longer than {MaxHeaderBytes / 1024} KB");
            }
        }

        var read = await ReceiveAsync().ConfigureAwait(false);
        if (read == 0)
        {
            return false;
        }

        if (received == 0)
        {
            firstByteTimestamp = time.GetTimestamp();
        }

        received += read;
        end += read;
        return true;
    }

    private long Micros(long from, long to) =>
        to <= from ? 0 : (long)((double)(to - from) * 1_000_000 / time.TimestampFrequency);
}

/// <summary>How an exchange ended. A failure category (timeout, refused, reset, ...) or null; Stopped when the run stopped it.</summary>
internal readonly record struct ExchangeResult(
    int Status,
    long BytesReceived,
    long FirstByteTimestamp,
    long ConnectMicros,
    string? FailureCategory,
    Exception? Failure,
    bool Stopped);

internal enum AbortReason
{
    None,
    Timeout,
    Stopped,
}
