using System.Threading.Tasks.Sources;

namespace ServerlessLoad.Runner.Engine;

/// <summary>
/// A value handed from one party to one waiter, again and again, without allocating: the reusable core of the engine's
/// hand-overs (an arrival to a VU, a connection to a waiting VU, a request to a connection, a response back). Set runs
/// the waiter's continuation on the setting thread, up to the waiter's next wait.
/// </summary>
internal sealed class ReusableSignal<T> : IValueTaskSource<T>
{
    private ManualResetValueTaskSourceCore<T> core;

    /// <summary>The next value; call once per <see cref="Set"/> (or <see cref="Fail"/>).</summary>
    public ValueTask<T> WaitAsync() => new(this, core.Version);

    public void Set(T value) => core.SetResult(value);

    public void Fail(Exception reason) => core.SetException(reason);

    T IValueTaskSource<T>.GetResult(short token)
    {
        try
        {
            return core.GetResult(token);
        }
        finally
        {
            core.Reset();
        }
    }

    ValueTaskSourceStatus IValueTaskSource<T>.GetStatus(short token) => core.GetStatus(token);

    void IValueTaskSource<T>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        core.OnCompleted(continuation, state, token, flags);
}
