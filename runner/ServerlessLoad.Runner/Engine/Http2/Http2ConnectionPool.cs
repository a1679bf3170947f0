using ServerlessLoad.Runner.Engine.Http;

namespace ServerlessLoad.Runner.Engine.Http2;

/// <summary>
/// Up to <see cref="Connections"/> HTTP/2 connections (lanes) to one endpoint, each carrying up to
/// <see cref="StreamsPerConnection"/> requests at once (h2load's -c and -m), shared by a scenario's VUs. A VU takes a
/// free stream (the most recently used first), or a new lane's while there are fewer lanes than allowed, or waits in
/// line. With lanes x streams at least the VUs, nobody waits.
/// </summary>
internal sealed class Http2ConnectionPool : IDisposable
{
    private readonly Lock gate = new();
    private readonly Stack<Http2Stream> idle = new();
    private readonly Queue<ConnectionWaiter> waiting = new();
    private readonly List<Http2Lane> lanes = [];
    private readonly HttpEndpoint endpoint;
    private readonly TimeProvider time;
    private readonly TimeoutWatcher watcher;
    private bool stopped;

    public Http2ConnectionPool(HttpEndpoint endpoint, int connections, int streamsPerConnection, TimeProvider time, TimeoutWatcher watcher)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(connections, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(streamsPerConnection, 1);
        this.endpoint = endpoint;
        this.time = time;
        this.watcher = watcher;
        Connections = connections;
        StreamsPerConnection = streamsPerConnection;
    }

    public int Connections { get; }

    public int StreamsPerConnection { get; }

    /// <summary>Connections opened so far, over all lanes.</summary>
    public int Connects
    {
        get
        {
            lock (gate)
            {
                return lanes.Sum(l => l.Connects);
            }
        }
    }

    /// <summary>A free stream now, or through <paramref name="waiter"/> once one is released (or the pool stops: OperationCanceledException).</summary>
    public ValueTask<Http2Stream> AcquireAsync(ConnectionWaiter waiter)
    {
        ArgumentNullException.ThrowIfNull(waiter);
        lock (gate)
        {
            if (stopped)
            {
                return ValueTask.FromException<Http2Stream>(new OperationCanceledException("The scenario is stopping."));
            }

            if (idle.TryPop(out var stream))
            {
                return ValueTask.FromResult(stream);
            }

            if (lanes.Count < Connections)
            {
                var lane = new Http2Lane(endpoint, time, StreamsPerConnection);
                lanes.Add(lane);
                watcher.Add(lane);
                for (var i = 1; i < StreamsPerConnection; i++)
                {
                    idle.Push(new Http2Stream(lane));
                }

                return ValueTask.FromResult(new Http2Stream(lane));
            }

            waiting.Enqueue(waiter);
        }

        return waiter.WaitForStreamAsync();
    }

    /// <summary>Gives the stream back; the first waiter gets it.</summary>
    public void Release(Http2Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ConnectionWaiter? next;
        lock (gate)
        {
            if (!waiting.TryDequeue(out next))
            {
                idle.Push(stream);
                return;
            }
        }

        next.HandStream(stream);
    }

    /// <summary>Stops every exchange in progress and every wait: the run is over.</summary>
    public void AbortAll()
    {
        List<ConnectionWaiter> abandoned;
        List<Http2Lane> all;
        lock (gate)
        {
            stopped = true;
            all = [.. lanes];
            abandoned = [.. waiting];
            waiting.Clear();
        }

        foreach (var lane in all)
        {
            lane.AbortAll();
        }

        foreach (var waiter in abandoned)
        {
            waiter.FailStream(new OperationCanceledException("The scenario is stopping."));
        }
    }

    public void Dispose()
    {
        AbortAll();
        lock (gate)
        {
            foreach (var lane in lanes)
            {
                watcher.Remove(lane);
            }

            lanes.Clear();
            idle.Clear();
        }
    }
}
