using System.Threading.Tasks.Sources;

namespace ServerlessLoad.Runner.Engine.Http;

/// <summary>
/// A virtual user's place in a connection pool's line, reused for every wait (nothing is allocated per wait). A
/// released connection is handed over on the releasing thread, which then runs the waiter's send right away instead
/// of waking another thread for it.
/// </summary>
internal sealed class ConnectionWaiter : IValueTaskSource<Http1Connection>
{
    private ManualResetValueTaskSourceCore<Http1Connection> handover;

    public ValueTask<Http1Connection> WaitAsync() => new(this, handover.Version);

    public void Hand(Http1Connection connection) => handover.SetResult(connection);

    public void Fail(Exception reason) => handover.SetException(reason);

    Http1Connection IValueTaskSource<Http1Connection>.GetResult(short token)
    {
        try
        {
            return handover.GetResult(token);
        }
        finally
        {
            handover.Reset();
        }
    }

    ValueTaskSourceStatus IValueTaskSource<Http1Connection>.GetStatus(short token) => handover.GetStatus(token);

    void IValueTaskSource<Http1Connection>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        handover.OnCompleted(continuation, state, token, flags);
}
