namespace ServerlessLoad.Runner.Engine.Http;

/// <summary>
/// Up to <see cref="Capacity"/> keep-alive connections to one endpoint, shared by a scenario's VUs. A VU takes an idle
/// connection (the most recently used first), or a new one while there are fewer than the capacity, or waits in line
/// for one to come back. With as many connections as VUs nobody ever waits.
/// </summary>
internal sealed class Http1ConnectionPool : IDisposable
{
    private readonly Lock gate = new();
    private readonly Stack<Http1Connection> idle = new();
    private readonly Queue<ConnectionWaiter> waiting = new();
    private readonly List<Http1Connection> all = [];
    private readonly HttpEndpoint endpoint;
    private readonly TimeProvider time;
    private readonly TimeoutWatcher watcher;
    private bool stopped;

    public Http1ConnectionPool(HttpEndpoint endpoint, int capacity, TimeProvider time, TimeoutWatcher watcher)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.endpoint = endpoint;
        this.time = time;
        this.watcher = watcher;
        Capacity = capacity;
    }

    public int Capacity { get; }

    /// <summary>A connection now, or through <paramref name="waiter"/> once one is released (or the pool stops: OperationCanceledException).</summary>
    public ValueTask<Http1Connection> AcquireAsync(ConnectionWaiter waiter)
    {
        ArgumentNullException.ThrowIfNull(waiter);
        lock (gate)
        {
            if (stopped)
            {
                return ValueTask.FromException<Http1Connection>(new OperationCanceledException("The scenario is stopping."));
            }

            if (idle.TryPop(out var connection))
            {
                return ValueTask.FromResult(connection);
            }

            if (all.Count < Capacity)
            {
                connection = new Http1Connection(endpoint, time);
                all.Add(connection);
                watcher.Add(connection);
                return ValueTask.FromResult(connection);
            }

            waiting.Enqueue(waiter);
        }

        return waiter.WaitAsync();
    }

    /// <summary>Gives the connection back (closing it first unless <paramref name="reuse"/>); the first waiter gets it.</summary>
    public void Release(Http1Connection connection, bool reuse)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!reuse)
        {
            connection.Close();
        }

        ConnectionWaiter? next;
        lock (gate)
        {
            if (!waiting.TryDequeue(out next))
            {
                idle.Push(connection);
                return;
            }
        }

        next.Hand(connection);
    }

    /// <summary>Stops every exchange in progress and every wait: the run is over.</summary>
    public void AbortAll()
    {
        List<ConnectionWaiter> abandoned;
        lock (gate)
        {
            stopped = true;
            foreach (var connection in all)
            {
                connection.Abort(AbortReason.Stopped);
            }

            abandoned = [.. waiting];
            waiting.Clear();
        }

        foreach (var waiter in abandoned)
        {
            waiter.Fail(new OperationCanceledException("The scenario is stopping."));
        }
    }

    public void Dispose()
    {
        AbortAll();
        lock (gate)
        {
            foreach (var connection in all)
            {
                watcher.Remove(connection);
                connection.Dispose();
            }

            all.Clear();
            idle.Clear();
        }
    }
}
