namespace ServerlessLoad.Runner.Engine.Http;

/// <summary>
/// Ending exchanges from outside: a timeout (from <see cref="TimeoutWatcher"/>) or the run stopping closes the socket,
/// so the pending operation fails; the recorded reason tells which. Every change of the socket or the exchange goes
/// through <see cref="abortGate"/>, so an abort only ever hits the exchange it was meant for.
/// </summary>
internal sealed partial class Http1Connection
{
    /// <summary>Closes the socket; the next exchange connects again.</summary>
    public void Close() => CloseSocket();

    /// <summary>Fails the exchange in progress (if it is still <paramref name="exchangeNumber"/>) by closing the socket.</summary>
    public void Abort(AbortReason reason, long? exchangeNumber = null)
    {
        lock (abortGate)
        {
            if (exchangeNumber is { } number && (number != exchange || !inExchange))
            {
                return;
            }

            if (abortReason == AbortReason.None || reason == AbortReason.Stopped)
            {
                abortReason = reason;
            }

            socket?.Dispose();
        }
    }

    /// <summary>Aborts the exchange in progress when its deadline has passed.</summary>
    public void CheckDeadline(long now)
    {
        var number = Volatile.Read(ref exchange);
        if (now > Volatile.Read(ref deadline))
        {
            Abort(AbortReason.Timeout, number);
        }
    }

    public void Dispose()
    {
        lock (abortGate)
        {
            abortReason = AbortReason.Stopped;
            tls?.Dispose();
            socket?.Dispose();
            tls = null;
            socket = null;
        }
    }

    private void Begin(long deadlineTimestamp)
    {
        lock (abortGate)
        {
            // A stop is for good; a timeout belonged to an earlier exchange, whose socket is closed by now.
            if (abortReason == AbortReason.Timeout)
            {
                abortReason = AbortReason.None;
                tls?.Dispose();
                socket?.Dispose();
                tls = null;
                socket = null;
                start = end = 0;
            }

            exchange++;
            inExchange = true;
            Volatile.Write(ref deadline, deadlineTimestamp);
        }
    }

    private void End()
    {
        lock (abortGate)
        {
            inExchange = false;
            Volatile.Write(ref deadline, long.MaxValue);
        }
    }

    private AbortReason Reason()
    {
        lock (abortGate)
        {
            return abortReason;
        }
    }

    private void CloseSocket()
    {
        lock (abortGate)
        {
            tls?.Dispose();
            socket?.Dispose();
            tls = null;
            socket = null;
            start = end = 0;
        }
    }
}
