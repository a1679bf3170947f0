using System.Runtime.InteropServices;

namespace ServerlessLoad.Runner.Engine;

/// <summary>
/// Asks the Linux scheduler to let the <see cref="PrecisionTimer"/>'s thread in quickly when it wakes. On a loaded core
/// the scheduler otherwise lets the running thread (sockets, VUs) finish its time slice first, which makes the timer, and
/// so arrivals and think times, milliseconds late. A short custom slice (<c>sched_setattr</c> with a small runtime for
/// the normal policy, Linux 6.12 and later) gets a waking thread an earlier deadline and so the core; it needs no
/// privilege and does not give the thread more CPU than its fair share. Where the kernel does not offer it, nothing
/// changes.
/// </summary>
internal static partial class TimerThreadLatency
{
    private const long SliceNanos = 100_000;

    // Threads this one starts (the socket engine's, when the first arrival opens the first connection) keep the default.
    private const ulong ResetOnFork = 0x01;

    /// <summary>True when the calling thread got the short slice.</summary>
    public static bool TryShortenSlice()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        long number = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 314,
            Architecture.Arm64 => 274,
            _ => -1,
        };
        if (number < 0)
        {
            return false;
        }

        var attributes = new SchedAttr { Size = (uint)Marshal.SizeOf<SchedAttr>(), Policy = 0, Flags = ResetOnFork, Runtime = (ulong)SliceNanos };
        try
        {
            return SetAttr(number, 0, ref attributes, 0) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct SchedAttr
    {
        public uint Size;
        public uint Policy;
        public ulong Flags;
        public int Nice;
        public uint Priority;
        public ulong Runtime;
        public ulong Deadline;
        public ulong Period;
        public uint UtilMin;
        public uint UtilMax;
    }

    [LibraryImport("libc", EntryPoint = "syscall")]
    private static partial long SetAttr(long number, int threadId, ref SchedAttr attributes, uint flags);
}
