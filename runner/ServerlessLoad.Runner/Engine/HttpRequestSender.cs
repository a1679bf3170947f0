using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Runner.Engine;

/// <summary>
/// Sends the plan's requests over one shared connection pool and measures each one. Nothing here blocks a thread:
/// runner processes complete socket continuations inline, so a blocked continuation would stall every connection.
/// </summary>
/// <remarks>
/// Invariant: a request cut short by the run's cancellation token is not measured (<see cref="SendAsync"/> returns
/// null). The run is stopping; counting half-finished requests would add failures that the target never caused.
/// Every other ending (response, timeout, connection failure) yields exactly one outcome.
/// </remarks>
public sealed class HttpRequestSender : IDisposable
{
    private const int DrainBufferSize = 16 * 1024;

    private readonly Plan plan;
    private readonly RunClock clock;
    private readonly HttpMessageInvoker invoker;
    private readonly ConcurrentDictionary<RequestSpec, PreparedRequest> prepared = new(ReferenceEqualityComparer.Instance);

    public HttpRequestSender(Plan plan, int maxConnectionsPerServer, RunClock clock)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConnectionsPerServer, 1);
        this.plan = plan;
        this.clock = clock;
        invoker = new HttpMessageInvoker(CreateHandler(maxConnectionsPerServer), disposeHandler: true);

        // Fail on a bad target or method now rather than on the first send.
        foreach (var spec in plan.Scenarios.SelectMany(s => s.Requests))
        {
            Prepare(spec);
        }
    }

    public static SocketsHttpHandler CreateHandler(int maxConnectionsPerServer) => new()
    {
        MaxConnectionsPerServer = maxConnectionsPerServer,
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),

        // Load goes straight to the target: through a proxy we would measure the proxy.
        UseProxy = false,
    };

    /// <summary>Sends one request and reads its whole body; null when <paramref name="runToken"/> stopped it.</summary>
    public async ValueTask<RequestOutcome?> SendAsync(RequestSpec spec, CancellationToken runToken)
    {
        var request = Prepare(spec);
        using var timeout = new CancellationTokenSource(spec.Timeout, clock.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(runToken, timeout.Token);
        using var message = request.CreateMessage();
        var status = 0;
        long received = 0;
        var started = clock.Time.GetTimestamp();
        byte[]? buffer = null;
        try
        {
            using var response = await invoker.SendAsync(message, linked.Token);
            status = (int)response.StatusCode;
            received = ApproximateHeaderBytes(response);
            buffer = ArrayPool<byte>.Shared.Rent(DrainBufferSize);
            var body = await response.Content.ReadAsStreamAsync(linked.Token);
            await using (body)
            {
                int read;
                while ((read = await body.ReadAsync(buffer, linked.Token)) > 0)
                {
                    received += read;
                }
            }

            var expected = spec.IsExpected(status);
            return Outcome(request, started, status, received, expected ? null : FailureClassifier.Status,
                expected ? null : $"HTTP {status} {request.Description}");
        }
        catch (Exception) when (runToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception exception)
        {
            var category = FailureClassifier.Categorize(exception);
            return Outcome(request, started, status, received, category, FailureClassifier.Sample(category, request.Description, exception));
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    public void Dispose() => invoker.Dispose();

    private PreparedRequest Prepare(RequestSpec spec) =>
        prepared.GetOrAdd(spec, static (s, p) => PreparedRequest.For(s, p), plan);

    private RequestOutcome Outcome(PreparedRequest request, long started, int status, long received, string? failure, string? sample) =>
        new()
        {
            Request = request.Spec.Name,
            Second = clock.CurrentSecond,
            Status = status,
            LatencyMicros = clock.Time.GetElapsedTime(started).Ticks / TimeSpan.TicksPerMicrosecond,
            Failed = failure is not null,
            FailureCategory = failure,
            FailureSample = sample,
            BytesSent = request.ApproximateBytesSent,
            BytesReceived = received,
        };

    /// <summary>Status line and header lines as they came over the wire, give or take spacing.</summary>
    private static long ApproximateHeaderBytes(HttpResponseMessage response)
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
