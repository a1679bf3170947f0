using System.Net.Security;
using System.Runtime.CompilerServices;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Runner.Engine.Http;
using ServerlessLoad.Runner.Engine.Http2;

namespace ServerlessLoad.Runner.Engine;

/// <summary>
/// Sends one scenario's requests in one slice and measures them. http:// and https:// go through the socket engine:
/// over HTTP/1.1 a pool of keep-alive connections per endpoint (as many as the scenario may use at once), over HTTP/2
/// a pool of connections each carrying up to <see cref="Scenario.StreamsPerConnection"/> streams. HTTP/2 with a new
/// connection per iteration goes through <see cref="HttpRequestSender"/>. When <paramref name="stop"/> fires, every
/// exchange in progress ends and is not measured.
/// </summary>
internal sealed class ScenarioTransport : IDisposable
{
    /// <summary>How often a request the server did not process (REFUSED_STREAM, GOAWAY) is sent again.</summary>
    private const int MaxResends = 3;

    private readonly Scenario scenario;
    private readonly RunClock clock;
    private readonly SliceRecorder recorder;
    private readonly TimeoutWatcher watcher;
    private readonly List<Http1ConnectionPool> pools = [];
    private readonly List<Http2ConnectionPool> http2Pools = [];
    private readonly HttpRequestSender? httpClient;
    private readonly CancellationTokenRegistration stopping;

    /// <param name="connections">
    /// Connections per endpoint: the VUs the slice may run at once, or the scenario's own share of
    /// <see cref="Scenario.Connections"/>. Over HTTP/2 without <see cref="Scenario.Connections"/>, the VUs are spread
    /// over as few connections as <see cref="Scenario.StreamsPerConnection"/> allows.
    /// </param>
    public ScenarioTransport(Plan plan, Scenario scenario, int connections, SliceRecorder recorder, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(recorder);
        this.scenario = scenario;
        this.recorder = recorder;
        clock = recorder.Clock;
        watcher = new TimeoutWatcher(clock.Time);
        var capacity = Math.Max(1, connections);
        var streams = scenario.StreamsPerConnection ?? Scenario.DefaultStreamsPerConnection;
        var lanes = scenario.Connections is null ? (capacity + streams - 1) / streams : capacity;
        var http1 = new Dictionary<(string, string, int), Http1ConnectionPool>();
        var http2 = new Dictionary<(string, string, int), Http2ConnectionPool>();
        var routes = new Route[scenario.Requests.Count];
        for (var i = 0; i < routes.Length; i++)
        {
            var request = PreparedRequest.For(scenario.Requests[i], plan, scenario);
            var key = (request.Uri.Scheme, request.Uri.IdnHost, request.Uri.Port);
            Http1ConnectionPool? pool = null;
            Http2ConnectionPool? http2Pool = null;
            if (request.Http1Bytes is not null)
            {
                if (!http1.TryGetValue(key, out pool))
                {
                    var endpoint = HttpEndpoint.For(request.Uri, scenario.InsecureSkipTlsVerify, SslApplicationProtocol.Http11);
                    pool = http1[key] = new Http1ConnectionPool(endpoint, capacity, clock.Time, watcher);
                    pools.Add(pool);
                }
            }
            else if (request.Http2Block is not null && !scenario.NewConnectionPerIteration)
            {
                if (!http2.TryGetValue(key, out http2Pool))
                {
                    var endpoint = HttpEndpoint.For(request.Uri, scenario.InsecureSkipTlsVerify, SslApplicationProtocol.Http2);
                    http2Pool = http2[key] = new Http2ConnectionPool(endpoint, lanes, streams, clock.Time, watcher);
                    http2Pools.Add(http2Pool);
                }
            }
            else
            {
                httpClient ??= new HttpRequestSender(plan, scenario, capacity, clock, recorder);
            }

            routes[i] = new Route(request, pool, http2Pool, TimeoutTicks(request.Spec.Timeout));
        }

        Routes = routes;
        stopping = stop.Register(static state => ((ScenarioTransport)state!).AbortAll(), this);
    }

    /// <summary>One per request of the scenario, in plan order.</summary>
    public IReadOnlyList<Route> Routes { get; }

    /// <summary>
    /// Sends one request and reads its whole response. Latency counts from <paramref name="intendedTimestamp"/> (0:
    /// from the send); null when <paramref name="stop"/> ended it.
    /// </summary>
    public ValueTask<RequestOutcome?> SendAsync(Route route, long intendedTimestamp, CancellationToken stop) =>
        SendAsync(route, intendedTimestamp, new ConnectionWaiter(), stop);

    /// <summary>As above, waiting for a connection (when all are busy) through the VU's own <paramref name="waiter"/>.</summary>
    public ValueTask<RequestOutcome?> SendAsync(Route route, long intendedTimestamp, ConnectionWaiter waiter, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(route);
        return route.Pool is not null ? SendHttp1Async(route, intendedTimestamp, waiter, stop)
            : route.Http2Pool is not null ? SendHttp2Async(route, intendedTimestamp, waiter, stop)
            : httpClient!.SendAsync(route.Request, intendedTimestamp, stop);
    }

    /// <summary>Connections the scenario's HTTP/2 pools opened so far.</summary>
    public int Http2Connects => http2Pools.Sum(p => p.Connects);

    public void Dispose()
    {
        stopping.Dispose();
        watcher.Dispose();
        foreach (var pool in pools)
        {
            pool.Dispose();
        }

        foreach (var pool in http2Pools)
        {
            pool.Dispose();
        }

        httpClient?.Dispose();
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<RequestOutcome?> SendHttp1Async(Route route, long intendedTimestamp, ConnectionWaiter waiter, CancellationToken stop)
    {
        var pool = route.Pool!;
        Http1Connection connection;
        try
        {
            connection = await pool.AcquireAsync(waiter).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        if (stop.IsCancellationRequested)
        {
            pool.Release(connection, reuse: true);
            return null;
        }

        var sent = clock.Time.GetTimestamp();
        ExchangeResult result;
        recorder.AddInFlight(1);
        try
        {
            result = await connection.ExchangeAsync(route.Request, sent + route.TimeoutTicks).ConfigureAwait(false);
        }
        finally
        {
            recorder.AddInFlight(-1);
            pool.Release(connection, ReuseConnections);
        }

        return OutcomeOf(route, intendedTimestamp, sent, in result, stop);
    }

    /// <summary>
    /// An HTTP/2 exchange on a free stream of the pool. A request the server did not process (refused, or above a
    /// GOAWAY's last stream) is sent again, on the lane's next connection; its service time counts from the first send.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<RequestOutcome?> SendHttp2Async(Route route, long intendedTimestamp, ConnectionWaiter waiter, CancellationToken stop)
    {
        var pool = route.Http2Pool!;
        long sent = 0;
        ExchangeResult result;
        for (var attempt = 0; ; attempt++)
        {
            Http2Stream stream;
            try
            {
                var acquiring = pool.AcquireAsync(waiter);
                stream = acquiring.IsCompletedSuccessfully ? acquiring.Result : await acquiring.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }

            if (stop.IsCancellationRequested)
            {
                pool.Release(stream);
                return null;
            }

            sent = attempt == 0 ? clock.Time.GetTimestamp() : sent;
            bool unprocessed;
            recorder.AddInFlight(1);
            try
            {
                result = await stream.Lane.ExchangeAsync(stream, route.Request, sent + route.TimeoutTicks).ConfigureAwait(false);
            }
            finally
            {
                recorder.AddInFlight(-1);
                unprocessed = stream.Unprocessed;
                pool.Release(stream);
            }

            if (!unprocessed || result.Stopped || attempt == MaxResends)
            {
                break;
            }
        }

        return OutcomeOf(route, intendedTimestamp, sent, in result, stop);
    }

    /// <summary>False when the scenario opens a new connection for every iteration.</summary>
    public bool ReuseConnections => !scenario.NewConnectionPerIteration;

    /// <summary>
    /// What a socket-engine exchange (HTTP/1.1 or HTTP/2) sent at <paramref name="sent"/> measured, its latency counted from
    /// <paramref name="intendedTimestamp"/> (0: from the send); null when the stop cut it off.
    /// </summary>
    public RequestOutcome? OutcomeOf(Route route, long intendedTimestamp, long sent, in ExchangeResult result, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (result.Stopped || (stop.IsCancellationRequested && result.FailureCategory is not null))
        {
            return null;
        }

        var ended = clock.Time.GetTimestamp();
        var request = route.Request;
        var failure = result.FailureCategory ?? (request.Spec.IsExpected(result.Status) ? null : FailureClassifier.Status);
        return new RequestOutcome
        {
            Request = request.Spec.Name,
            Second = clock.CurrentSecond,
            Status = result.Status,
            LatencyMicros = clock.MicrosBetween(intendedTimestamp == 0 ? sent : Math.Min(intendedTimestamp, sent), ended),
            ServiceMicros = clock.MicrosBetween(sent, ended),
            TimeToFirstByteMicros = result.FirstByteTimestamp == 0 ? -1 : clock.MicrosBetween(sent, result.FirstByteTimestamp),
            ConnectMicros = result.ConnectMicros,
            Failed = failure is not null,
            FailureCategory = failure,
            FailureSample = failure is null ? null : Sample(failure, request, result),
            BytesSent = request.WireBytes,
            BytesReceived = result.BytesReceived,
        };
    }

    private static string Sample(string category, PreparedRequest request, ExchangeResult result) => category switch
    {
        FailureClassifier.Status => $"HTTP {result.Status} {request.Description}",
        _ when result.Failure is { } failure => FailureClassifier.Sample(category, request.Description, failure),
        _ => $"{category} {request.Description}",
    };

    private long TimeoutTicks(TimeSpan timeout) => (long)(timeout.TotalSeconds * clock.Time.TimestampFrequency);

    private void AbortAll()
    {
        foreach (var pool in pools)
        {
            pool.AbortAll();
        }

        foreach (var pool in http2Pools)
        {
            pool.AbortAll();
        }
    }

    /// <summary>A request of the scenario, ready to send, and the connection pool it goes through (both null: HttpClient).</summary>
    internal sealed record Route(PreparedRequest Request, Http1ConnectionPool? Pool, Http2ConnectionPool? Http2Pool, long TimeoutTicks);
}
