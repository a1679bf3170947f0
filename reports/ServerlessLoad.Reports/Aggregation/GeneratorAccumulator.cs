using ServerlessLoad.Core.Results;

namespace ServerlessLoad.Reports;

/// <summary>
/// What the rows say about the load generators rather than the target: arrivals dropped per second and scenario, and
/// each slice's health. Every figure is a sum or a maximum, so the order rows arrive in does not matter.
/// </summary>
internal sealed class GeneratorAccumulator
{
    private readonly SortedDictionary<long, Dictionary<string, long>> droppedPerSecond = new();
    private readonly SortedDictionary<int, SliceHealthTotals> healthPerSlice = new();
    private readonly SortedDictionary<int, long> droppedPerSlice = new();

    /// <summary>What one kept row (the highest attempt of its slice and second) says about its generator.</summary>
    public void Add(int slice, long second, IReadOnlyDictionary<string, long> droppedArrivals, GeneratorHealth? health)
    {
        if (droppedArrivals.Count > 0)
        {
            if (!droppedPerSecond.TryGetValue(second, out var dropped))
            {
                droppedPerSecond[second] = dropped = new Dictionary<string, long>(StringComparer.Ordinal);
            }

            foreach (var (scenario, count) in droppedArrivals)
            {
                dropped[scenario] = dropped.GetValueOrDefault(scenario) + count;
                droppedPerSlice[slice] = droppedPerSlice.GetValueOrDefault(slice) + count;
            }
        }

        if (health is not null)
        {
            if (!healthPerSlice.TryGetValue(slice, out var totals))
            {
                healthPerSlice[slice] = totals = new SliceHealthTotals();
            }

            totals.Add(health);
        }
    }

    public IReadOnlyDictionary<long, IReadOnlyDictionary<string, long>> DroppedPerSecond =>
        droppedPerSecond.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, long>)kv.Value);

    public IReadOnlyDictionary<int, long> DroppedPerSlice => new Dictionary<int, long>(droppedPerSlice);

    public IReadOnlyDictionary<int, SliceHealthTotals> HealthPerSlice => new Dictionary<int, SliceHealthTotals>(healthPerSlice);
}

/// <summary>A slice's <see cref="GeneratorHealth"/> seconds summed up: counts, worst values and CPU's mean.</summary>
public sealed class SliceHealthTotals
{
    private double cpuSum;
    private int busiestBrowserVus;
    private long busiestBrowserMemory;
    private double busiestBrowserCpu;

    /// <summary>Seconds that carried a health reading.</summary>
    public int Seconds { get; private set; }

    /// <summary>Seconds with CPU above 90 % or timer lag p99 above 50 ms.</summary>
    public int SaturatedSeconds { get; private set; }

    public double CpuPercentMax { get; private set; }

    public double CpuPercentMean => Seconds == 0 ? 0 : cpuSum / Seconds;

    public long LagP99MicrosMax { get; private set; }

    public long LagMaxMicros { get; private set; }

    public long WorkingSetBytesMax { get; private set; }

    public long GcHeapBytesMax { get; private set; }

    public long GcPauseMicros { get; private set; }

    public int InFlightMax { get; private set; }

    public int BrowserVusMax { get; private set; }

    public double BrowserCpuPercentMax { get; private set; }

    public long BrowserMemoryBytesMax { get; private set; }

    /// <summary>
    /// The browser's memory over its open VUs in the second with the most VUs (the most memory among those): the
    /// browser's own processes are shared, so seconds with fewer VUs would overstate what one VU costs.
    /// </summary>
    public long BrowserMemoryBytesPerVu => busiestBrowserVus == 0 ? 0 : busiestBrowserMemory / busiestBrowserVus;

    /// <summary>The browser's CPU over its open VUs in the second with the most VUs (the busiest among those).</summary>
    public double BrowserCpuPercentPerVu => busiestBrowserVus == 0 ? 0 : busiestBrowserCpu / busiestBrowserVus;

    /// <summary>The rule of <see cref="GeneratorHealth.WasSaturated"/>: more than 10 % of the seconds saturated.</summary>
    public bool Saturated => Seconds > 0 && SaturatedSeconds > GeneratorHealth.SaturatedSecondsFraction * Seconds;

    public void Add(GeneratorHealth health)
    {
        ArgumentNullException.ThrowIfNull(health);
        Seconds++;
        SaturatedSeconds += health.IsSaturated ? 1 : 0;
        cpuSum += health.CpuPercent;
        CpuPercentMax = Math.Max(CpuPercentMax, health.CpuPercent);
        LagP99MicrosMax = Math.Max(LagP99MicrosMax, health.LagP99Micros);
        LagMaxMicros = Math.Max(LagMaxMicros, health.LagMaxMicros);
        WorkingSetBytesMax = Math.Max(WorkingSetBytesMax, health.WorkingSetBytes);
        GcHeapBytesMax = Math.Max(GcHeapBytesMax, health.GcHeapBytes);
        GcPauseMicros += health.GcPauseMicros;
        InFlightMax = Math.Max(InFlightMax, health.InFlight);
        if (health.BrowserVus > 0)
        {
            BrowserVusMax = Math.Max(BrowserVusMax, health.BrowserVus);
            BrowserCpuPercentMax = Math.Max(BrowserCpuPercentMax, health.BrowserCpuPercent);
            BrowserMemoryBytesMax = Math.Max(BrowserMemoryBytesMax, health.BrowserMemoryBytes);
            if (health.BrowserVus > busiestBrowserVus)
            {
                (busiestBrowserVus, busiestBrowserMemory, busiestBrowserCpu) = (health.BrowserVus, health.BrowserMemoryBytes, health.BrowserCpuPercent);
            }
            else if (health.BrowserVus == busiestBrowserVus)
            {
                busiestBrowserMemory = Math.Max(busiestBrowserMemory, health.BrowserMemoryBytes);
                busiestBrowserCpu = Math.Max(busiestBrowserCpu, health.BrowserCpuPercent);
            }
        }
    }
}
