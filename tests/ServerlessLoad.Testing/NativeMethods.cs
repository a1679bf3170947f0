using System.Runtime.InteropServices;

namespace ServerlessLoad.Testing;

internal static partial class NativeMethods
{
    internal const int SigTerm = 15;

    /// <summary>POSIX kill(2): sends <paramref name="signal"/> to one process id.</summary>
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe blocks enabled for a single int-only call.
    internal static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
