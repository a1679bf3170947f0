using System.Diagnostics;
using System.Globalization;

namespace ServerlessLoad.Runner.Engine.Browser;

/// <summary>What the browser's processes used: CPU since the previous reading (percent of the cores) and memory now.</summary>
public readonly record struct BrowserUsage(double CpuPercent, long MemoryBytes, int Processes);

/// <summary>
/// Measures the browser's share of the machine from /proc (Linux): every process below Playwright's driver (the
/// driver itself, Chromium's browser, renderer, GPU and utility processes). Memory is the proportional set size, so
/// pages the processes share are split among them rather than counted once per process. CPU is the processes' user and
/// system time since the previous reading; a process that exited in between takes its last interval with it.
/// </summary>
internal sealed class BrowserProcesses(Func<int?> root)
{
    /// <summary>Linux's USER_HZ: the unit of the CPU times in /proc/[pid]/stat on every architecture .NET runs on.</summary>
    private const double TicksPerSecond = 100;

    private readonly Lock gate = new();
    private Dictionary<int, long> previousTicks = [];
    private long previousTimestamp;

    public BrowserUsage Sample()
    {
        lock (gate)
        {
            if (!OperatingSystem.IsLinux() || root() is not { } rootPid)
            {
                return default;
            }

            var now = Stopwatch.GetTimestamp();
            var ticks = new Dictionary<int, long>();
            long memory = 0;
            long used = 0;
            foreach (var pid in Descendants(rootPid))
            {
                if (CpuTicks(pid) is not { } cpu)
                {
                    continue;
                }

                ticks[pid] = cpu;
                used += cpu - previousTicks.GetValueOrDefault(pid);
                memory += ProportionalBytes(pid);
            }

            var wall = previousTimestamp == 0 ? 0 : Stopwatch.GetElapsedTime(previousTimestamp, now).TotalSeconds;
            var cpuPercent = wall <= 0 ? 0 : Math.Clamp(used / TicksPerSecond / (wall * Environment.ProcessorCount) * 100, 0, 100);
            (previousTicks, previousTimestamp) = (ticks, now);
            return new BrowserUsage(Math.Round(cpuPercent, 1), memory, ticks.Count);
        }
    }

    /// <summary>The driver this process started: a child process whose command line runs Playwright's driver.</summary>
    public static int? FindDriver()
    {
        var self = Environment.ProcessId;
        foreach (var (pid, parent) in Processes())
        {
            if (parent == self && ReadText($"/proc/{pid}/cmdline") is { } command && command.Contains("run-driver", StringComparison.Ordinal))
            {
                return pid;
            }
        }

        return null;
    }

    /// <summary><paramref name="rootPid"/> and every process below it.</summary>
    private static List<int> Descendants(int rootPid)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var (pid, parent) in Processes())
        {
            if (!children.TryGetValue(parent, out var list))
            {
                children[parent] = list = [];
            }

            list.Add(pid);
        }

        var found = new List<int> { rootPid };
        for (var i = 0; i < found.Count; i++)
        {
            found.AddRange(children.GetValueOrDefault(found[i]) ?? []);
        }

        return found;
    }

    private static IEnumerable<(int Pid, int Parent)> Processes()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Stat(pid) is { } fields
                && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent))
            {
                yield return (pid, parent);
            }
        }
    }

    /// <summary>utime + stime in clock ticks.</summary>
    private static long? CpuTicks(int pid) =>
        Stat(pid) is { Length: > 12 } fields
        && long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out var user)
        && long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var system)
            ? user + system
            : null;

    /// <summary>The fields of /proc/[pid]/stat after the command name (which may hold spaces): state, ppid, ...</summary>
    private static string[]? Stat(int pid)
    {
        var text = ReadText($"/proc/{pid}/stat");
        var end = text?.LastIndexOf(')') ?? -1;
        return end < 0 ? null : text![(end + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private static long ProportionalBytes(int pid)
    {
        foreach (var line in (ReadText($"/proc/{pid}/smaps_rollup") ?? "").Split('\n'))
        {
            if (line.StartsWith("Pss:", StringComparison.Ordinal)
                && long.TryParse(line.AsSpan(4).Trim().TrimEnd("kB").Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var kilobytes))
            {
                return kilobytes * 1024;
            }
        }

        return 0;
    }

    private static string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process exited meanwhile.
            return null;
        }
    }
}
