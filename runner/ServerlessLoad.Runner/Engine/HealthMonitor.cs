using ServerlessLoad.Core.Results;

namespace ServerlessLoad.Runner.Engine;

/// <summary>
/// Watches the load generator while a slice runs and records a <see cref="GeneratorHealth"/> for every second: CPU of
/// the process (share of the cores it may use), memory, GC pause time, in-flight requests, active VUs, and the
/// scheduling lag — how late a 1 ms periodic timer wakes up, which is how late arrivals and timeouts are served too —
/// and, while a browser runs in the process, its VUs, CPU and memory.
/// </summary>
internal sealed class HealthMonitor : IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(1);

    private readonly SliceRecorder recorder;
    private readonly TimeProvider time;
    private readonly CancellationTokenSource stop = new();
    private readonly long[] lags = new long[4096];
    private int lagCount;
    private long second;
    private long wallStarted;
    private TimeSpan cpuStarted;
    private TimeSpan pausedStarted;

    public HealthMonitor(SliceRecorder recorder, TimeProvider time)
    {
        this.recorder = recorder;
        this.time = time;
    }

    public async Task RunAsync(CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, stop.Token);
        var token = linked.Token;
        try
        {
            var untilStart = recorder.Clock.StartAt - time.GetUtcNow();
            if (untilStart > TimeSpan.Zero)
            {
                await Task.Delay(untilStart, time, token).ConfigureAwait(false);
            }

            BeginSecond(recorder.Clock.CurrentSecond);
            var periodTicks = (long)(Period.TotalSeconds * time.TimestampFrequency);
            while (!token.IsCancellationRequested)
            {
                // The same timer the arrival dispatchers wait on, resumed through the same thread pool: its lateness
                // is how late arrivals go out.
                var due = time.GetTimestamp() + periodTicks;
                await WaitUntilAsync(due, token).ConfigureAwait(false);
                var late = recorder.Clock.MicrosBetween(due, time.GetTimestamp());
                recorder.TimerLag.RecordMicros(late);
                if (lagCount < lags.Length)
                {
                    lags[lagCount++] = late;
                }

                var current = recorder.Clock.CurrentSecond;
                if (current != second)
                {
                    Flush();
                    BeginSecond(current);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        if (wallStarted != 0)
        {
            // The last, partial second.
            Flush();
        }
    }

    private Task WaitUntilAsync(long dueTimestamp, CancellationToken token) =>
        ReferenceEquals(time, TimeProvider.System)
            ? PrecisionTimer.DelayUntilAsync(dueTimestamp, token)
            : Task.Delay(Period, time, token);

    public async Task StopAsync(Task running)
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await running.ConfigureAwait(false);
    }

    public void Dispose() => stop.Dispose();

    private void BeginSecond(long current)
    {
        second = current;
        lagCount = 0;
        wallStarted = time.GetTimestamp();
        cpuStarted = Environment.CpuUsage.TotalTime;
        pausedStarted = GC.GetTotalPauseDuration();
    }

    private void Flush()
    {
        var wallMicros = recorder.Clock.MicrosBetween(wallStarted, time.GetTimestamp());
        var cpuMicros = (Environment.CpuUsage.TotalTime - cpuStarted).TotalMicroseconds;
        var cpuPercent = wallMicros <= 0 ? 0 : Math.Clamp(cpuMicros / ((double)wallMicros * Environment.ProcessorCount) * 100, 0, 100);
        Array.Sort(lags, 0, lagCount);
        var browser = Browser.BrowserSlices.Reading();
        recorder.RecordHealth(second, new GeneratorHealth
        {
            CpuPercent = Math.Round(cpuPercent, 1),
            WorkingSetBytes = Environment.WorkingSet,
            GcHeapBytes = GC.GetTotalMemory(forceFullCollection: false),
            GcPauseMicros = (long)(GC.GetTotalPauseDuration() - pausedStarted).TotalMicroseconds,
            LagP99Micros = lagCount == 0 ? 0 : lags[Math.Min(lagCount - 1, (int)Math.Ceiling(lagCount * 0.99) - 1)],
            LagMaxMicros = lagCount == 0 ? 0 : lags[lagCount - 1],
            InFlight = recorder.InFlight,
            ActiveVus = recorder.ActiveVus,
            BrowserVus = browser?.Vus ?? 0,
            BrowserCpuPercent = browser?.Usage.CpuPercent ?? 0,
            BrowserMemoryBytes = browser?.Usage.MemoryBytes ?? 0,
        });
    }
}
