using ServerlessLoad.Runner.Engine.Http;

namespace ServerlessLoad.Runner.Engine.Http2;

/// <summary>
/// One of a pool's connections as the scenario sees it: up to <see cref="Streams"/> exchanges at once, carried by the
/// current HTTP/2 connection. When that one fails or the server tells it to go away, the next exchange opens a new
/// one while the old one finishes the streams it still has; its streams were counted against this lane all along,
/// so the lane never carries more than its streams.
/// </summary>
internal sealed class Http2Lane : IDeadlineCheck
{
    private readonly HttpEndpoint endpoint;
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private Http2Connection? current;
    private Http2Connection[] open = [];
    private bool stopped;

    public Http2Lane(HttpEndpoint endpoint, TimeProvider time, int streams)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(streams, 1);
        this.endpoint = endpoint;
        this.time = time;
        Streams = streams;
    }

    public int Streams { get; }

    /// <summary>Connections opened so far (each one's setup is measured once, on its first stream).</summary>
    public int Connects { get; private set; }

    /// <summary>Sends <paramref name="request"/> on <paramref name="stream"/> (one of this lane's) and reads its response.</summary>
    public ValueTask<ExchangeResult> ExchangeAsync(Http2Stream stream, PreparedRequest request, long deadlineTimestamp)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Http2Connection connection;
        lock (gate)
        {
            if (stopped)
            {
                return ValueTask.FromResult(new ExchangeResult(0, 0, 0, -1, null, null, Stopped: true));
            }

            if (current is null || !current.Accepting)
            {
                current = new Http2Connection(endpoint, time, this);
                open = [.. open, current];
                Connects++;
            }

            connection = current;
        }

        return connection.ExchangeAsync(stream, request, deadlineTimestamp);
    }

    public void CheckDeadline(long now)
    {
        foreach (var connection in Volatile.Read(ref open))
        {
            connection.CheckDeadlines(now);
        }
    }

    /// <summary>Ends every exchange: the run is stopping.</summary>
    public void AbortAll()
    {
        Http2Connection[] all;
        lock (gate)
        {
            stopped = true;
            all = open;
        }

        foreach (var connection in all)
        {
            connection.Abort(AbortReason.Stopped);
        }
    }

    /// <summary>A connection that closed leaves the lane.</summary>
    internal void Remove(Http2Connection connection)
    {
        lock (gate)
        {
            open = [.. open.Where(c => c != connection)];
            if (current == connection)
            {
                current = null;
            }
        }
    }
}
