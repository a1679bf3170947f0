using System.Runtime.CompilerServices;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Runner.Engine.Http;

namespace ServerlessLoad.Runner.Engine;

/// <summary>
/// Sends one scenario's requests in one slice and measures them. Plain http:// over HTTP/1.1 goes through the socket
/// engine (a pool of keep-alive connections per endpoint, as many as the scenario may use at once); https and HTTP/2
/// go through <see cref="HttpRequestSender"/>. When <paramref name="stop"/> fires, every exchange in progress ends
/// and is not measured.
/// </summary>
internal sealed class ScenarioTransport : IDisposable
{
    private readonly Scenario scenario;
    private readonly RunClock clock;
    private readonly SliceRecorder recorder;
    private readonly TimeoutWatcher watcher;
    private readonly List<Http1ConnectionPool> pools = [];
    private readonly HttpRequestSender? httpClient;
    private readonly CancellationTokenRegistration stopping;

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
        var byEndpoint = new Dictionary<(string, int), Http1ConnectionPool>();
        var routes = new Route[scenario.Requests.Count];
        for (var i = 0; i < routes.Length; i++)
        {
            var request = PreparedRequest.For(scenario.Requests[i], plan, scenario);
            Http1ConnectionPool? pool = null;
            if (request.Http1Bytes is not null)
            {
                var endpoint = Http1Endpoint.For(request.Uri);
                if (!byEndpoint.TryGetValue((endpoint.Host, endpoint.Port), out pool))
                {
                    pool = new Http1ConnectionPool(endpoint, capacity, clock.Time, watcher);
                    byEndpoint[(endpoint.Host, endpoint.Port)] = pool;
                    pools.Add(pool);
                }
            }
            else
            {
                httpClient ??= new HttpRequestSender(plan, scenario, capacity, clock, recorder);
            }

            routes[i] = new Route(request, pool, TimeoutTicks(request.Spec.Timeout));
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
        return route.Pool is null ? httpClient!.SendAsync(route.Request, intendedTimestamp, stop) : SendHttp1Async(route, intendedTimestamp, waiter, stop);
    }

    public void Dispose()
    {
        stopping.Dispose();
        watcher.Dispose();
        foreach (var pool in pools)
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

        var time = clock.Time;
        var sent = time.GetTimestamp();
        Http1ExchangeResult result;
        recorder.AddInFlight(1);
        try
        {
            result = await connection.ExchangeAsync(route.Request, sent + route.TimeoutTicks).ConfigureAwait(false);
        }
        finally
        {
            recorder.AddInFlight(-1);
            pool.Release(connection, reuse: !scenario.NewConnectionPerIteration);
        }

        if (result.Stopped || (stop.IsCancellationRequested && result.FailureCategory is not null))
        {
            return null;
        }

        var ended = time.GetTimestamp();
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
            BytesSent = request.Http1Bytes!.Length,
            BytesReceived = result.BytesReceived,
        };
    }

    private static string Sample(string category, PreparedRequest request, Http1ExchangeResult result) => category switch
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
    }

    /// <summary>A request of the scenario, ready to send, and the connection pool it goes through (null: HttpClient).</summary>
    internal sealed record Route(PreparedRequest Request, Http1ConnectionPool? Pool, long TimeoutTicks);
}
