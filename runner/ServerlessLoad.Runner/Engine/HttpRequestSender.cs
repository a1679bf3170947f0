using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Runner.Engine.Steps;

namespace ServerlessLoad.Runner.Engine;

/// <summary>
/// Sends requests through <see cref="SocketsHttpHandler"/>: the path for steps that need the response's headers or
/// body, cookies or a request rendered per iteration, and for HTTP/2 with a new connection per iteration (everything
/// else goes through the socket engine). Measures each request: time to the response headers, the whole response, and the setup time of
/// every connection the handler opens. Nothing here blocks a thread: runner processes complete socket continuations
/// inline, so a blocked continuation would stall every connection.
/// </summary>
/// <remarks>
/// Invariant: a request cut short by the run's cancellation token is not measured (<see cref="SendAsync(RequestSpec, CancellationToken)"/>
/// returns null). The run is stopping; counting half-finished requests would add failures that the target never caused.
/// Every other ending (response, timeout, connection failure) yields exactly one outcome.
/// </remarks>
public sealed class HttpRequestSender : IDisposable
{
    private const int DrainBufferSize = 16 * 1024;

    private static readonly HttpRequestOptionsKey<string> RequestNameKey = new("sload.request");
    private static readonly HttpRequestOptionsKey<long> ConnectStartedKey = new("sload.connect-started");

    private readonly Plan plan;
    private readonly Scenario? scenario;
    private readonly RunClock clock;
    private readonly SliceRecorder? recorder;
    private readonly HttpMessageInvoker invoker;
    private readonly TargetGuard guard = TargetGuard.Current;
    private readonly ConcurrentDictionary<RequestSpec, PreparedRequest> prepared = new(ReferenceEqualityComparer.Instance);

    public HttpRequestSender(Plan plan, int maxConnectionsPerServer, RunClock clock)
        : this(plan, null, maxConnectionsPerServer, clock, null)
    {
    }

    /// <summary>A sender for one scenario's requests, with its TLS and connection settings, recording connection setups.</summary>
    internal HttpRequestSender(Plan plan, Scenario? scenario, int maxConnectionsPerServer, RunClock clock, SliceRecorder? recorder)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConnectionsPerServer, 1);
        this.plan = plan;
        this.scenario = scenario;
        this.clock = clock;
        this.recorder = recorder;
        invoker = new HttpMessageInvoker(CreateTimedHandler(maxConnectionsPerServer, scenario?.InsecureSkipTlsVerify ?? false), disposeHandler: true);

        // Fail on a bad target or method now rather than on the first send.
        foreach (var spec in scenario?.AllRequests() ?? plan.Scenarios.SelectMany(s => s.AllRequests()))
        {
            Prepare(spec);
        }
    }

    public static SocketsHttpHandler CreateHandler(int maxConnectionsPerServer) => CreateHandler(maxConnectionsPerServer, insecureSkipTlsVerify: false, TargetGuard.Current);

    /// <summary>Sends one request and reads its whole body; null when <paramref name="runToken"/> stopped it.</summary>
    public ValueTask<RequestOutcome?> SendAsync(RequestSpec spec, CancellationToken runToken) => SendAsync(Prepare(spec), 0, runToken);

    /// <summary>
    /// Sends one request; its latency counts from <paramref name="intendedTimestamp"/> (0: from now). Null when
    /// <paramref name="runToken"/> stopped it.
    /// </summary>
    internal async ValueTask<RequestOutcome?> SendAsync(PreparedRequest request, long intendedTimestamp, CancellationToken runToken)
    {
        using var timeout = new CancellationTokenSource(request.Spec.Timeout, clock.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(runToken, timeout.Token);
        using var message = request.CreateMessage();
        message.Options.Set(RequestNameKey, request.Spec.Name);

        // An iteration of a requests: scenario is one request, so a new connection per iteration is a connection of the
        // request's own (HTTP/1.1 or HTTP/2), closed when it is done, as a steps: iteration's are.
        using var own = scenario?.NewConnectionPerIteration == true ? NewIterationInvoker() : null;

        var status = 0;
        long received = 0;
        long headersAt = 0;
        var started = clock.Time.GetTimestamp();
        byte[]? buffer = null;
        recorder?.AddInFlight(1);
        try
        {
            using var response = await (own ?? invoker).SendAsync(message, linked.Token).ConfigureAwait(false);
            headersAt = clock.Time.GetTimestamp();
            status = (int)response.StatusCode;
            received = ApproximateHeaderBytes(response);
            buffer = ArrayPool<byte>.Shared.Rent(DrainBufferSize);
            var body = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                int read;
                while ((read = await body.ReadAsync(buffer, linked.Token).ConfigureAwait(false)) > 0)
                {
                    received += read;
                }
            }

            var expected = request.Spec.IsExpected(status);
            return Outcome(request, intendedTimestamp, started, headersAt, status, received, expected ? null : FailureClassifier.Status,
                expected ? null : $"HTTP {status} {request.Description}");
        }
        catch (Exception) when (runToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception exception)
        {
            var category = FailureClassifier.Categorize(exception);
            return Outcome(request, intendedTimestamp, started, headersAt, status, received, category, FailureClassifier.Sample(category, request.Description, exception));
        }
        finally
        {
            recorder?.AddInFlight(-1);
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>
    /// Sends a message the caller built (a step's rendered request) through this sender's handler, or through
    /// <paramref name="iteration"/> (a VU's connections for its current iteration), so the TLS settings and connection
    /// timing (recorded under <paramref name="requestName"/>) apply; the caller reads and measures the response.
    /// </summary>
    internal Task<HttpResponseMessage> SendMessageAsync(HttpRequestMessage message, string requestName, HttpMessageInvoker? iteration, CancellationToken ct)
    {
        message.Options.Set(RequestNameKey, requestName);
        return (iteration ?? invoker).SendAsync(message, ct);
    }

    /// <summary>
    /// Connections for one iteration of one VU, with this sender's TLS settings and connection timing: its steps reuse
    /// them, and disposing it at the iteration's end closes them (<c>newConnectionPerIteration</c>).
    /// </summary>
    internal HttpMessageInvoker NewIterationInvoker() =>
        new(CreateTimedHandler(1, scenario?.InsecureSkipTlsVerify ?? false), disposeHandler: true);

    public void Dispose() => invoker.Dispose();

    internal PreparedRequest Prepare(RequestSpec spec) =>
        prepared.GetOrAdd(spec, static (s, sender) => PreparedRequest.For(s, sender.plan, sender.scenario), this);

    private SocketsHttpHandler CreateTimedHandler(int maxConnectionsPerServer, bool insecureSkipTlsVerify)
    {
        var handler = CreateHandler(maxConnectionsPerServer, insecureSkipTlsVerify, guard);
        if (recorder is null)
        {
            return handler;
        }

        handler.ConnectCallback = (context, ct) =>
        {
            context.InitialRequestMessage.Options.Set(ConnectStartedKey, clock.Time.GetTimestamp());
            return guard.ConnectAsync(context.DnsEndPoint, ct);
        };
        handler.PlaintextStreamFilter = (context, _) =>
        {
            // Called once the connection (and its TLS session) is ready: the end of its setup.
            var options = context.InitialRequestMessage.Options;
            if (options.TryGetValue(ConnectStartedKey, out var connectStarted) && options.TryGetValue(RequestNameKey, out var name))
            {
                recorder.RecordConnect(name, clock.CurrentSecond, clock.MicrosBetween(connectStarted, clock.Time.GetTimestamp()));
            }

            return ValueTask.FromResult(context.PlaintextStream);
        };
        return handler;
    }

    private static SocketsHttpHandler CreateHandler(int maxConnectionsPerServer, bool insecureSkipTlsVerify, TargetGuard guard)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnectionsPerServer,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            EnableMultipleHttp2Connections = true,

            // Load goes straight to the target: through a proxy we would measure the proxy.
            UseProxy = false,

            // Every connection to an address the allow-list admits, checked as it is opened.
            ConnectCallback = (context, ct) => guard.ConnectAsync(context.DnsEndPoint, ct),
        };
        if (insecureSkipTlsVerify)
        {
            // The plan asked for it (insecureSkipTLSVerify: self-signed test servers); validation is on otherwise.
#pragma warning disable CA5359
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = static (_, _, _, _) => true };
#pragma warning restore CA5359
        }

        return handler;
    }

    private RequestOutcome Outcome(
        PreparedRequest request, long intendedTimestamp, long started, long headersAt, int status, long received, string? failure, string? sample)
    {
        var now = clock.Time.GetTimestamp();
        return new RequestOutcome
        {
            Request = request.Spec.Name,
            Second = clock.CurrentSecond,
            Status = status,
            LatencyMicros = clock.MicrosBetween(intendedTimestamp == 0 ? started : Math.Min(intendedTimestamp, started), now),
            ServiceMicros = clock.MicrosBetween(started, now),
            TimeToFirstByteMicros = headersAt == 0 ? -1 : clock.MicrosBetween(started, headersAt),
            Failed = failure is not null,
            FailureCategory = failure,
            FailureSample = sample,
            BytesSent = request.ApproximateBytesSent,
            BytesReceived = received,
        };
    }

    /// <summary>Status line and header lines as they came over the wire, give or take spacing.</summary>
    internal static long ApproximateHeaderBytes(HttpResponseMessage response)
    {
        const int lineEnd = 2;
        const int separator = 2;
        long size = "HTTP/1.1 200 ".Length + (response.ReasonPhrase?.Length ?? 0) + lineEnd;
        foreach (var (name, values) in response.Headers.NonValidated)
        {
            foreach (var value in values)
            {
                size += name.Length + separator + value.Length + lineEnd;
            }
        }

        foreach (var (name, values) in response.Content.Headers.NonValidated)
        {
            foreach (var value in values)
            {
                size += name.Length + separator + value.Length + lineEnd;
            }
        }

        return size + lineEnd;
    }
}
