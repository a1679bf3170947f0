using System.Net.Security;
using System.Net.Sockets;
using ServerlessLoad.Runner.Engine.Http;

namespace ServerlessLoad.Runner.Engine.Http2;

/// <summary>
/// One HTTP/2 connection (over TLS with ALPN h2, or in clear text with prior knowledge) carrying up to its lane's
/// streams at once. Requests are written from prebuilt header blocks into one buffer that a single writer flushes, so
/// requests started while the connection reads (the VUs whose responses just came in) leave in one write; responses
/// are read in place, frame by frame: the status from the header block, the body counted and dropped.
/// </summary>
/// <remarks>
/// Every change of the stream table, the windows and the write buffer happens under <see cref="gate"/>; results are
/// handed over outside it (a VU's continuation runs inline and starts its next request here). A connection that failed
/// or was told to go away takes no new streams; its lane opens another.
/// </remarks>
internal sealed partial class Http2Connection
{
    private readonly HttpEndpoint endpoint;
    private readonly TimeProvider time;
    private readonly Http2Lane lane;
    private readonly Lock gate = new();
    private readonly Dictionary<int, Http2Stream> active = [];
    private readonly Queue<Http2Stream> queued = new();
    private readonly List<(Http2Stream Stream, ExchangeResult Result)> completions = [];
    private Socket? socket;
    private SslStream? tls;
    private AbortReason abortReason;
    private int nextStreamId = 1;
    private bool started;
    private bool closed;
    private bool goingAway;
    private long serverMaxStreams = int.MaxValue;

    public Http2Connection(HttpEndpoint endpoint, TimeProvider time, Http2Lane lane)
    {
        this.endpoint = endpoint;
        this.time = time;
        this.lane = lane;
    }

    /// <summary>Takes new streams: neither failed, nor going away, nor out of stream ids.</summary>
    public bool Accepting
    {
        get
        {
            lock (gate)
            {
                return !closed && !goingAway && nextStreamId < int.MaxValue - 2;
            }
        }
    }

    /// <summary>Opens a stream for <paramref name="request"/> (connecting first, the first time) and returns its result.</summary>
    public ValueTask<ExchangeResult> ExchangeAsync(Http2Stream stream, PreparedRequest request, long deadline)
    {
        var result = stream.Result.WaitAsync();
        stream.Begin(request, deadline);
        bool first;
        bool flush;
        lock (gate)
        {
            if (closed || goingAway)
            {
                // Lost a race with the connection's end: the lane sends it again on another.
                stream.Unprocessed = true;
                first = flush = false;
            }
            else
            {
                first = !started;
                started = true;
                if (active.Count < serverMaxStreams)
                {
                    Open(stream);
                }
                else
                {
                    queued.Enqueue(stream);
                }

                // Until it is connected the writer is held; the first stream's caller connects.
                flush = first ? TakeWriter(force: true) : TakeWriter();
            }
        }

        if (stream.Unprocessed)
        {
            stream.Result.Set(stream.Ended(FailureClassifier.Reset, new IOException("The connection was closing.")));
        }
        else if (first)
        {
            _ = RunAsync();
        }
        else if (flush)
        {
            _ = FlushAsync();
        }

        return result;
    }

    /// <summary>Closes the connection: every exchange ends (stopped, when <paramref name="reason"/> is Stopped).</summary>
    public void Abort(AbortReason reason)
    {
        lock (gate)
        {
            if (abortReason == AbortReason.None || reason == AbortReason.Stopped)
            {
                abortReason = reason;
            }

            socket?.Dispose();
        }
    }

    /// <summary>Ends the exchanges whose deadline has passed (RST_STREAM CANCEL); the connection carries on.</summary>
    public void CheckDeadlines(long now)
    {
        var flush = false;
        lock (gate)
        {
            foreach (var (id, stream) in active)
            {
                if (now > stream.Deadline)
                {
                    active.Remove(id);
                    AppendRstStream(id, Http2Frames.Cancel);
                    completions.Add((stream, stream.Ended(FailureClassifier.Timeout, new TimeoutException("The request timed out."))));
                }
            }

            foreach (var stream in queued)
            {
                if (now > stream.Deadline)
                {
                    completions.Add((stream, stream.Ended(FailureClassifier.Timeout, new TimeoutException("The request timed out."))));
                }
            }

            if (completions.Count > 0)
            {
                RemoveQueued();
                OpenQueued();
                flush = TakeWriter();
            }
        }

        if (flush)
        {
            _ = FlushAsync();
        }

        HandOverCompletions();
    }

    /// <summary>Assigns the next stream id and writes the request's frames (its body as far as the windows allow).</summary>
    private void Open(Http2Stream stream)
    {
        var id = nextStreamId;
        nextStreamId += 2;
        stream.Id = id;
        stream.SendWindow = serverInitialWindow;
        active[id] = stream;
        var request = stream.Request!;
        var hasBody = request.Body is { Length: > 0 };
        AppendHeaders(id, request.Http2Block!, endStream: !hasBody);
        if (hasBody)
        {
            blockedBodies.Add(stream);
            PumpBodies();
        }
    }

    private void OpenQueued()
    {
        while (queued.Count > 0 && active.Count < serverMaxStreams && !closed && !goingAway)
        {
            Open(queued.Dequeue());
        }
    }

    /// <summary>Drops queued streams that already ended (they are among the completions).</summary>
    private void RemoveQueued()
    {
        if (queued.Count == 0)
        {
            return;
        }

        var ended = completions.Select(c => c.Stream).ToHashSet();
        var keep = queued.Where(s => !ended.Contains(s)).ToList();
        queued.Clear();
        foreach (var stream in keep)
        {
            queued.Enqueue(stream);
        }
    }

    /// <summary>
    /// Completes a stream of the table (under the lock), opening a queued one in its place; its result is handed over
    /// after the lock.
    /// </summary>
    private void Complete(Http2Stream stream, ExchangeResult result)
    {
        active.Remove(stream.Id);
        if (stream.Request?.Body is { Length: > 0 })
        {
            blockedBodies.Remove(stream);
        }

        completions.Add((stream, result));
        OpenQueued();
    }

    /// <summary>Hands the collected results to their VUs, outside the lock (their continuations run here).</summary>
    private void HandOverCompletions()
    {
        while (true)
        {
            (Http2Stream Stream, ExchangeResult Result) next;
            lock (gate)
            {
                if (completions.Count == 0)
                {
                    return;
                }

                next = completions[^1];
                completions.RemoveAt(completions.Count - 1);
            }

            next.Stream.Result.Set(next.Result);
        }
    }

    private long Micros(long from, long to) =>
        to <= from ? 0 : (long)((double)(to - from) * 1_000_000 / time.TimestampFrequency);
}
