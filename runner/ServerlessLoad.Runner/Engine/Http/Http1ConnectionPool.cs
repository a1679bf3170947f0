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
    private readonly Queue<TaskCompletionSource<Http1Connection>> waiting = new();
    private readonly List<Http1Connection> all = [];
    private readonly Http1Endpoint endpoint;
    private readonly TimeProvider time;
    private readonly TimeoutWatcher watcher;
    private bool disposed;

    public Http1ConnectionPool(Http1Endpoint endpoint, int capacity, TimeProvider time, TimeoutWatcher watcher)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.endpoint = endpoint;
        this.time = time;
        this.watcher = watcher;
        Capacity = capacity;
    }

    public int Capacity { get; }

    public ValueTask<Http1Connection> AcquireAsync(CancellationToken ct)
    {
        TaskCompletionSource<Http1Connection> waiter;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
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

            waiter = new TaskCompletionSource<Http1Connection>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiting.Enqueue(waiter);
        }

        return new ValueTask<Http1Connection>(ct.CanBeCanceled ? WaitAsync(waiter, ct) : waiter.Task);
    }

    /// <summary>Gives the connection back (closing it first unless <paramref name="reuse"/>); the first waiter gets it.</summary>
    public void Release(Http1Connection connection, bool reuse)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!reuse)
        {
            connection.Close();
        }

        while (true)
        {
            TaskCompletionSource<Http1Connection>? waiter;
            lock (gate)
            {
                if (!waiting.TryDequeue(out waiter))
                {
                    idle.Push(connection);
                    return;
                }
            }

            // A waiter that gave up (cancelled) does not take it; try the next one.
            if (waiter.TrySetResult(connection))
            {
                return;
            }
        }
    }

    /// <summary>Stops every exchange in progress: the run is over.</summary>
    public void AbortAll()
    {
        lock (gate)
        {
            foreach (var connection in all)
            {
                connection.Abort(AbortReason.Stopped);
            }
        }
    }

    public void Dispose()
    {
        List<TaskCompletionSource<Http1Connection>> abandoned;
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            foreach (var connection in all)
            {
                watcher.Remove(connection);
                connection.Dispose();
            }

            abandoned = [.. waiting];
            waiting.Clear();
        }

        foreach (var waiter in abandoned)
        {
            waiter.TrySetCanceled();
        }
    }

    private async Task<Http1Connection> WaitAsync(TaskCompletionSource<Http1Connection> waiter, CancellationToken ct)
    {
        try
        {
            return await waiter.Task.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // If a connection was handed over just as we gave up, pass it on rather than lose it.
            if (!waiter.TrySetCanceled(ct) && waiter.Task.IsCompletedSuccessfully)
            {
                Release(waiter.Task.Result, reuse: true);
            }

            throw;
        }
    }
}
