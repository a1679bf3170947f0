namespace ServerlessLoad.Core.Results;

/// <summary>
/// How the load generator of one slice fared during one second. A generator short of CPU or with a late scheduler
/// measures its own delays instead of the target's, so a report flags slices whose generator was saturated.
/// </summary>
public sealed record GeneratorHealth
{
    /// <summary>A second is saturated when the process used more than this share of its cores ...</summary>
    public const double SaturatedCpuPercent = 90;

    /// <summary>... or when the p99 lateness of a 1 ms timer exceeded this.</summary>
    public const long SaturatedLagP99Micros = 50_000;

    /// <summary>A slice is flagged when more than this fraction of its seconds were saturated.</summary>
    public const double SaturatedSecondsFraction = 0.10;

    /// <summary>CPU time the generator process used in the second, in percent of the cores it may run on (0-100).</summary>
    public double CpuPercent { get; init; }

    /// <summary>Resident memory of the generator process at the end of the second, in bytes.</summary>
    public long WorkingSetBytes { get; init; }

    /// <summary>Managed heap in use at the end of the second, in bytes.</summary>
    public long GcHeapBytes { get; init; }

    /// <summary>Time the garbage collector paused the process during the second, in microseconds.</summary>
    public long GcPauseMicros { get; init; }

    /// <summary>99th percentile of how late a 1 ms timer fired during the second, in microseconds.</summary>
    public long LagP99Micros { get; init; }

    /// <summary>The latest a 1 ms timer fired during the second, in microseconds.</summary>
    public long LagMaxMicros { get; init; }

    /// <summary>Requests sent and not yet answered at the end of the second.</summary>
    public int InFlight { get; init; }

    /// <summary>Virtual users of the slice at the end of the second.</summary>
    public int ActiveVus { get; init; }

    /// <summary>
    /// Browser VUs (browser contexts) open in the generator's process at the end of the second, over all its slices: the
    /// browser is shared by the process, so its figures below are the process's too.
    /// </summary>
    public int BrowserVus { get; init; }

    /// <summary>CPU time the browser's processes (Chromium and Playwright's driver) used in the second, in percent of the cores (0-100).</summary>
    public double BrowserCpuPercent { get; init; }

    /// <summary>Memory of the browser's processes at the end of the second (proportional set size: shared pages split among them), in bytes.</summary>
    public long BrowserMemoryBytes { get; init; }

    /// <summary>The browser and the generator share the machine: together they saturate it.</summary>
    public bool IsSaturated => CpuPercent + BrowserCpuPercent > SaturatedCpuPercent || LagP99Micros > SaturatedLagP99Micros;

    /// <summary>True when more than 10 % of the seconds were saturated (CPU, the browser's included, &gt; 90 % or timer lag p99 &gt; 50 ms).</summary>
    public static bool WasSaturated(IEnumerable<GeneratorHealth> seconds)
    {
        ArgumentNullException.ThrowIfNull(seconds);
        var total = 0;
        var saturated = 0;
        foreach (var second in seconds)
        {
            total++;
            saturated += second.IsSaturated ? 1 : 0;
        }

        return total > 0 && saturated > SaturatedSecondsFraction * total;
    }

    /// <summary>Two readings of the same second (a late one joins the open second): the worse of each, pauses added.</summary>
    public static GeneratorHealth Combine(GeneratorHealth first, GeneratorHealth second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return new GeneratorHealth
        {
            CpuPercent = Math.Max(first.CpuPercent, second.CpuPercent),
            WorkingSetBytes = Math.Max(first.WorkingSetBytes, second.WorkingSetBytes),
            GcHeapBytes = Math.Max(first.GcHeapBytes, second.GcHeapBytes),
            GcPauseMicros = first.GcPauseMicros + second.GcPauseMicros,
            LagP99Micros = Math.Max(first.LagP99Micros, second.LagP99Micros),
            LagMaxMicros = Math.Max(first.LagMaxMicros, second.LagMaxMicros),
            InFlight = second.InFlight,
            ActiveVus = second.ActiveVus,
            BrowserVus = Math.Max(first.BrowserVus, second.BrowserVus),
            BrowserCpuPercent = Math.Max(first.BrowserCpuPercent, second.BrowserCpuPercent),
            BrowserMemoryBytes = Math.Max(first.BrowserMemoryBytes, second.BrowserMemoryBytes),
        };
    }
}
