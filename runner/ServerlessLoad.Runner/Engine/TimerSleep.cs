using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ServerlessLoad.Runner.Engine;

/// <summary>
/// How the <see cref="PrecisionTimer"/>'s thread sleeps: until a timestamp, or until another thread wakes it because an
/// earlier deadline arrived. The runtime's waits take whole milliseconds, which makes a timer up to a millisecond late
/// on every wake; on Linux the sleep is a <c>ppoll</c> on an eventfd, whose timeout has nanosecond resolution.
/// </summary>
internal abstract partial class TimerSleep : IDisposable
{
    /// <summary>The precise sleep where the OS offers one, the runtime's millisecond wait elsewhere.</summary>
    public static TimerSleep Create()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                return new EventFdSleep();
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or IOException)
            {
                // Fall through to the portable wait.
            }
        }

        return new EventSleep();
    }

    /// <summary>Sleeps until <paramref name="dueTimestamp"/> (a <see cref="Stopwatch"/> timestamp; <see cref="long.MaxValue"/>: no deadline) or a wake.</summary>
    public abstract void SleepUntil(long dueTimestamp);

    /// <summary>Ends the current (or the next) sleep at once.</summary>
    public abstract void Wake();

    public abstract void Dispose();

    private sealed class EventSleep : TimerSleep
    {
        private readonly AutoResetEvent changed = new(false);

        public override void SleepUntil(long dueTimestamp)
        {
            var wait = dueTimestamp == long.MaxValue
                ? Timeout.Infinite
                : (int)Math.Max(1, Math.Ceiling((dueTimestamp - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency));
            changed.WaitOne(wait);
        }

        public override void Wake() => changed.Set();

        public override void Dispose() => changed.Dispose();
    }

    private sealed partial class EventFdSleep : TimerSleep
    {
        private const int NonBlocking = 0x800;
        private const int CloseOnExec = 0x80000;
        private const short PollIn = 0x1;
        private readonly int fd;

        public EventFdSleep()
        {
            fd = EventFd(0, NonBlocking | CloseOnExec);
            if (fd < 0)
            {
                throw new IOException($"eventfd failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }

        public override unsafe void SleepUntil(long dueTimestamp)
        {
            var poll = new PollFd { Fd = fd, Events = PollIn };
            if (dueTimestamp == long.MaxValue)
            {
                _ = PPoll(&poll, 1, null, IntPtr.Zero);
            }
            else
            {
                var nanos = Math.Max(0, (long)((dueTimestamp - Stopwatch.GetTimestamp()) * (1_000_000_000.0 / Stopwatch.Frequency)));
                var timeout = new TimeSpec { Seconds = nanos / 1_000_000_000, Nanoseconds = nanos % 1_000_000_000 };
                _ = PPoll(&poll, 1, &timeout, IntPtr.Zero);
            }

            if ((poll.Returned & PollIn) != 0)
            {
                ulong value;
                _ = Read(fd, &value, sizeof(ulong));
            }
        }

        public override unsafe void Wake()
        {
            ulong one = 1;
            _ = Write(fd, &one, sizeof(ulong));
        }

        public override void Dispose() => _ = Close(fd);

        [StructLayout(LayoutKind.Sequential)]
        private struct PollFd
        {
            public int Fd;
            public short Events;
            public short Returned;
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
        private static partial int EventFd(uint initial, int flags);

        [LibraryImport("libc", EntryPoint = "ppoll")]
        private static unsafe partial int PPoll(PollFd* fds, nuint count, TimeSpec* timeout, IntPtr signalMask);

        [LibraryImport("libc", EntryPoint = "close")]
        private static partial int Close(int fd);

        [LibraryImport("libc", EntryPoint = "read")]
        private static unsafe partial nint Read(int fd, void* buffer, nint count);

        [LibraryImport("libc", EntryPoint = "write")]
        private static unsafe partial nint Write(int fd, void* buffer, nint count);
    }
}
