namespace ServerlessLoad.Runner.Engine.Browser;

/// <summary>
/// The process-wide view of browser work, kept apart from Playwright's types so that a process whose plans have no
/// browser steps never loads them: how many slices with browser VUs run here, how many browser VUs are open, and what
/// the browser's processes use. The browser starts when a browser slice is entered and closes when the last one ends.
/// </summary>
public static class BrowserSlices
{
    private static readonly TimeSpan SamplePeriod = TimeSpan.FromSeconds(1);
    private static readonly Lock Gate = new();
    private static int active;
    private static int openContexts;
    private static CancellationTokenSource? sampling;
    private static BrowserUsage lastUsage;

    /// <summary>Slices with browser VUs running in this process.</summary>
    public static int Active => Volatile.Read(ref active);

    /// <summary>Browser VUs (browser contexts) open in this process.</summary>
    public static int OpenContexts => Volatile.Read(ref openContexts);

    /// <summary>Marks a slice with browser VUs as running until the returned handle is disposed; the last one closes the browser.</summary>
    /// <exception cref="InvalidOperationException">No Chromium is installed where the runner looks for it.</exception>
    internal static IAsyncDisposable Enter()
    {
        if (ChromiumHost.Shared.Options.Problem is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        Interlocked.Increment(ref active);
        ChromiumHost.Shared.WarmUp();
        return new Slice();
    }

    /// <summary>
    /// The browser's VUs and what its processes used over about the last second; null while no browser runs. Read from
    /// /proc on a thread of its own every second, so the slices' health monitors (which time a 1 ms timer) never wait on it.
    /// </summary>
    public static (int Vus, BrowserUsage Usage)? Reading()
    {
        lock (Gate)
        {
            return sampling is null ? null : (OpenContexts, lastUsage);
        }
    }

    internal static void Launched(Func<int?> driver)
    {
        lock (Gate)
        {
            sampling?.Cancel();
            var processes = new BrowserProcesses(driver);
            var stop = new CancellationTokenSource();
            sampling = stop;
            lastUsage = processes.Sample();
            _ = Task.Run(() => SampleAsync(processes, stop));
        }
    }

    internal static void Closed()
    {
        lock (Gate)
        {
            sampling?.Cancel();
            sampling = null;
            lastUsage = default;
        }
    }

    private static async Task SampleAsync(BrowserProcesses processes, CancellationTokenSource stop)
    {
        using (stop)
        {
            using var timer = new PeriodicTimer(SamplePeriod);
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
                {
                    var usage = processes.Sample();
                    lock (Gate)
                    {
                        if (ReferenceEquals(sampling, stop))
                        {
                            lastUsage = usage;
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    internal static void ContextOpened() => Interlocked.Increment(ref openContexts);

    internal static void ContextClosed() => Interlocked.Decrement(ref openContexts);

    private sealed class Slice : IAsyncDisposable
    {
        private int disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0 && Interlocked.Decrement(ref active) == 0)
            {
                await ChromiumHost.Shared.CloseWhenIdleAsync().ConfigureAwait(false);
            }
        }
    }
}
