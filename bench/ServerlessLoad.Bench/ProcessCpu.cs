using System.Globalization;

namespace ServerlessLoad.Bench;

/// <summary>
/// CPU time (user + system) of other processes, from /proc/PID/stat: what a step cost the stack's processes, apart from
/// how long it waited for a busy machine's cores.
/// </summary>
internal sealed class ProcessCpu(IReadOnlyDictionary<string, int> pids)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>From "azurite:123,functions:456" (SLOAD_BENCH_PIDS); empty when unset.</summary>
    public static ProcessCpu FromEnvironment() => new(
        (Environment.GetEnvironmentVariable("SLOAD_BENCH_PIDS") ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split(':'))
            .ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture)));

    public IReadOnlyDictionary<string, double> Seconds() => pids.ToDictionary(p => p.Key, p => Read(p.Value));

    /// <summary>"azurite 1.23 s, functions 0.45 s" between two readings.</summary>
    public static string Spent(IReadOnlyDictionary<string, double> before, IReadOnlyDictionary<string, double> after) =>
        string.Join(", ", after.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Key} {a.Value - before.GetValueOrDefault(a.Key):0.00} s")));

    private static double Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After the command: state is field 3, utime field 14 and stime field 15 (1-based in proc(5)).
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }
}
