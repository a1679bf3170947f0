using ServerlessLoad.Runner.Engine.Http2;

namespace ServerlessLoad.Runner.Engine.Http;

/// <summary>
/// A virtual user's place in a connection pool's line (an HTTP/1.1 connection, or an HTTP/2 stream), reused for every
/// wait (nothing is allocated per wait). A released connection is handed over on the releasing thread, which then runs
/// the waiter's send right away instead of waking another thread for it.
/// </summary>
internal sealed class ConnectionWaiter
{
    private readonly ReusableSignal<Http1Connection> handover = new();
    private readonly ReusableSignal<Http2Stream> streams = new();

    public ValueTask<Http1Connection> WaitAsync() => handover.WaitAsync();

    public void Hand(Http1Connection connection) => handover.Set(connection);

    public void Fail(Exception reason) => handover.Fail(reason);

    public ValueTask<Http2Stream> WaitForStreamAsync() => streams.WaitAsync();

    public void HandStream(Http2Stream stream) => streams.Set(stream);

    public void FailStream(Exception reason) => streams.Fail(reason);
}
