using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ServerlessLoad.Cli.Stack;

/// <summary>
/// Starts stack processes detached from the terminal (own session, output appended to a log file) and stops them by
/// PID, checking the PID still runs the command we started before signalling it.
/// </summary>
internal static partial class ProcessControl
{
    private const int SigTerm = 15;
    private const int SigKill = 9;

    public static int StartDetached(string fileName, IReadOnlyList<string> arguments, string logPath, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        using var process = StartChild(fileName, arguments, logPath, environment, workingDirectory);
        return process.Id;
    }

    /// <summary>
    /// As <see cref="StartDetached"/>, keeping the process object: its owner can wait for the process, which also reaps
    /// it when it exits.
    /// </summary>
    public static Process StartChild(string fileName, IReadOnlyList<string> arguments, string logPath, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        var info = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
        };

        // setsid execs sh, which execs the program: the PID we get is the program's.
        info.ArgumentList.Add("sh");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec \"$0\" \"$@\" </dev/null >>\"$SLOAD_LOG\" 2>&1");
        info.ArgumentList.Add(fileName);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["SLOAD_LOG"] = logPath;
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
    }

    public static bool IsAlive(int pid, string? commandMarker = null)
    {
        var cmdline = $"/proc/{pid}/cmdline";
        if (!File.Exists(cmdline))
        {
            return false;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            if (state == "Z")
            {
                return false;
            }

            return commandMarker is null || File.ReadAllText(cmdline).Contains(commandMarker, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/>; only when the PID still runs our command.</summary>
    public static async Task StopAsync(int pid, string? commandMarker, TimeSpan grace)
    {
        if (!IsAlive(pid, commandMarker))
        {
            return;
        }

        _ = Kill(pid, SigTerm);
        var deadline = DateTime.UtcNow + grace;
        while (DateTime.UtcNow < deadline)
        {
            if (!IsAlive(pid, commandMarker))
            {
                return;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        if (IsAlive(pid, commandMarker))
        {
            _ = Kill(pid, SigKill);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
