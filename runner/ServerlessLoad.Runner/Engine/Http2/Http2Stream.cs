using ServerlessLoad.Runner.Engine.Http;

namespace ServerlessLoad.Runner.Engine.Http2;

/// <summary>
/// One of a lane's request slots, reused for every exchange it carries: the exchange's state while the connection
/// reads its frames, and the hand-over of the result. A lane of m streams has m of these, so nothing is allocated per
/// request.
/// </summary>
internal sealed class Http2Stream(Http2Lane lane)
{
    public Http2Lane Lane { get; } = lane;

    public ReusableSignal<ExchangeResult> Result { get; } = new();

    /// <summary>The HTTP/2 stream id of the exchange in progress (0 until it is opened on a connection).</summary>
    public int Id { get; set; }

    public PreparedRequest? Request { get; set; }

    public long Deadline { get; set; }

    public int Status { get; set; }

    /// <summary>Bytes of every frame of this stream received so far (frame headers included).</summary>
    public long Received { get; set; }

    public long FirstByteTimestamp { get; set; }

    public long ConnectMicros { get; set; }

    /// <summary>Body bytes written so far; the rest waits for flow-control window.</summary>
    public int BodySent { get; set; }

    /// <summary>What the server still lets this stream send (its flow-control window).</summary>
    public long SendWindow { get; set; }

    /// <summary>DATA bytes received since this stream's window was last topped up.</summary>
    public long UnacknowledgedData { get; set; }

    /// <summary>
    /// The server did not process the request (REFUSED_STREAM, above a GOAWAY's last stream, or never sent): it may be
    /// sent again on another connection without being counted twice.
    /// </summary>
    public bool Unprocessed { get; set; }

    public void Begin(PreparedRequest request, long deadline)
    {
        Id = 0;
        Request = request;
        Deadline = deadline;
        Status = 0;
        Received = 0;
        FirstByteTimestamp = 0;
        ConnectMicros = -1;
        BodySent = 0;
        SendWindow = 0;
        UnacknowledgedData = 0;
        Unprocessed = false;
    }

    public ExchangeResult Ended(string? failureCategory = null, Exception? failure = null, bool stopped = false) =>
        new(Status, Received, FirstByteTimestamp, ConnectMicros, failureCategory, failure, stopped);
}
