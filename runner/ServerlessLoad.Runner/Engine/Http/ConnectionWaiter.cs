namespace ServerlessLoad.Runner.Engine.Http;

/// <summary>
/// A virtual user's place in a connection pool's line, reused for every wait (nothing is allocated per wait). A
/// released connection is handed over on the releasing thread, which then runs the waiter's send right away instead
/// of waking another thread for it.
/// </summary>
internal sealed class ConnectionWaiter
{
    private readonly ReusableSignal<Http1Connection> handover = new();

    public ValueTask<Http1Connection> WaitAsync() => handover.WaitAsync();

    public void Hand(Http1Connection connection) => handover.Set(connection);

    public void Fail(Exception reason) => handover.Fail(reason);
}
