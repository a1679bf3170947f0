namespace ServerlessLoad.Runner.Engine.Http;

/// <summary>
/// Enforces request timeouts of the socket engine with one periodic timer instead of a timer per request: every tick
/// it aborts the exchanges whose deadline has passed. A timeout therefore fires up to one period late, never early.
/// </summary>
internal sealed class TimeoutWatcher : IDisposable
{
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromMilliseconds(10);

    private readonly Lock gate = new();
    private readonly HashSet<Http1Connection> connections = [];
    private readonly TimeProvider time;
    private readonly ITimer timer;

    public TimeoutWatcher(TimeProvider time, TimeSpan? period = null)
    {
        this.time = time;
        var every = period ?? DefaultPeriod;
        timer = time.CreateTimer(_ => Tick(), null, every, every);
    }

    public void Add(Http1Connection connection)
    {
        lock (gate)
        {
            connections.Add(connection);
        }
    }

    public void Remove(Http1Connection connection)
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
