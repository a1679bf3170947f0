namespace ServerlessLoad.Runner.Engine.Http;

/// <summary>
/// Enforces request timeouts of the socket engine with one periodic timer instead of a timer per request: every tick
/// it ends the exchanges whose deadline has passed (an HTTP/1.1 connection is closed, an HTTP/2 stream cancelled). A timeout therefore fires up to one period late, never early.
/// </summary>
internal sealed class TimeoutWatcher : IDisposable
{
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromMilliseconds(10);

    private readonly Lock gate = new();
    private readonly HashSet<IDeadlineCheck> connections = [];
    private readonly TimeProvider time;
    private readonly ITimer timer;

    public TimeoutWatcher(TimeProvider time, TimeSpan? period = null)
    {
        this.time = time;
        var every = period ?? DefaultPeriod;
        timer = time.CreateTimer(_ => Tick(), null, every, every);
    }

    public void Add(IDeadlineCheck connection)
    {
        lock (gate)
        {
            connections.Add(connection);
        }
    }

    public void Remove(IDeadlineCheck connection)
    {
        lock (gate)
        {
            connections.Remove(connection);
        }
    }

    public void Dispose() => timer.Dispose();

    private void Tick()
    {
        var now = time.GetTimestamp();
        lock (gate)
        {
            foreach (var connection in connections)
            {
                connection.CheckDeadline(now);
            }
        }
    }
}

/// <summary>Something carrying exchanges with deadlines: an HTTP/1.1 connection, or an HTTP/2 lane's streams.</summary>
internal interface IDeadlineCheck
{
    /// <summary>Ends the exchanges whose deadline is before <paramref name="now"/> (a timestamp).</summary>
    void CheckDeadline(long now);
}
