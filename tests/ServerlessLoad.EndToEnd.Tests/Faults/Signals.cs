using System.Runtime.InteropServices;

namespace ServerlessLoad.EndToEnd.Tests.Faults;

public enum Signal
{
    Kill = 9,
    Term = 15,
    Cont = 18,
    Stop = 19,
}

/// <summary>POSIX signals to one process id this test started (never by name).</summary>
internal static partial class Signals
{
    public static void Send(int pid, Signal signal)
    {
        if (Kill(pid, (int)signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe blocks enabled for a single int-only call.
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
