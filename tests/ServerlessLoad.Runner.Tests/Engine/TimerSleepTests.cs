using System.Diagnostics;
using ServerlessLoad.Runner.Engine;

namespace ServerlessLoad.Runner.Tests.Engine;

public sealed class TimerSleepTests
{
    [Fact]
    public void A_sleep_lasts_until_its_deadline()
    {
        using var sleep = TimerSleep.Create();
        var due = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 100);

        // A sleep may end early only when woken; loop as the timer does.
        while (Stopwatch.GetTimestamp() < due)
        {
            sleep.SleepUntil(due);
        }

        Stopwatch.GetElapsedTime(due).ShouldBeLessThan(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task A_wake_ends_a_sleep_without_a_deadline()
    {
        using var sleep = TimerSleep.Create();
        var sleeping = Task.Factory.StartNew(() => sleep.SleepUntil(long.MaxValue), TaskCreationOptions.LongRunning);
        await Task.Delay(50);
        sleeping.IsCompleted.ShouldBeFalse();

        sleep.Wake();

        await sleeping.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void A_wake_before_the_sleep_ends_the_next_sleep_at_once_and_only_that_one()
    {
        using var sleep = TimerSleep.Create();
        sleep.Wake();

        var started = Stopwatch.GetTimestamp();
        sleep.SleepUntil(started + (Stopwatch.Frequency * 10));
        Stopwatch.GetElapsedTime(started).ShouldBeLessThan(TimeSpan.FromSeconds(5));

        // The wake was used up: the next sleep lasts until its deadline.
        var due = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 50);
        sleep.SleepUntil(due);
        Stopwatch.GetTimestamp().ShouldBeGreaterThanOrEqualTo(due);
    }

    [Fact]
    public void On_linux_the_timer_thread_gets_a_short_slice_that_threads_it_starts_do_not_inherit()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        string? own = null;
        string? child = null;
        var shortened = false;
        var thread = new Thread(() =>
        {
            shortened = TimerThreadLatency.TryShortenSlice();
            own = SliceOfCurrentThread();
            var started = new Thread(() => child = SliceOfCurrentThread());
            started.Start();
            started.Join();
        });
        thread.Start();
        thread.Join();

        if (!KernelHasCustomSlices() || SliceOfCurrentThread() is null)
        {
            // A kernel without custom slices (before 6.12) or without scheduler statistics: nothing to check.
            return;
        }

        // A kernel that has them must grant the short slice: the feature failing there is a failure.
        shortened.ShouldBeTrue("sched_setattr with a custom slice failed on a kernel that supports it");

        own.ShouldBe("100000");
        child.ShouldNotBeNull();
        child.ShouldNotBe("100000");
    }

    /// <summary>True on Linux 6.12 and later, where sched_setattr takes a custom slice (EEVDF).</summary>
    private static bool KernelHasCustomSlices()
    {
        var release = File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : "";
        var parts = release.Split('.', '-');
        return parts.Length >= 2 && int.TryParse(parts[0], out var major) && int.TryParse(parts[1], out var minor)
            && (major > 6 || (major == 6 && minor >= 12));
    }

    /// <summary>The scheduler's slice of the calling thread in nanoseconds, from /proc (null where not shown).</summary>
    private static string? SliceOfCurrentThread()
    {
        const string path = "/proc/thread-self/sched";
        if (!File.Exists(path))
        {
            return null;
        }

        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("se.slice", StringComparison.Ordinal));
        return line?.Split(':', 2)[1].Trim();
    }
}
