using System.Diagnostics;
using ServerlessLoad.Core.Security;

namespace ServerlessLoad.Functions.Tests.Fuzz;

/// <summary>What a fuzz run saw: inputs, the slowest and the most allocating one, and every broken rule with its input.</summary>
internal sealed class FuzzLedger(string name)
{
    public const long MaxBytes = 100L * 1024 * 1024;

    private readonly List<string> failures = [];

    public int Inputs { get; private set; }

    public TimeSpan Slowest { get; private set; }

    public string SlowestInput { get; private set; } = string.Empty;

    public long MostAllocated { get; private set; }

    public IReadOnlyList<string> Failures => failures;

    public void Record(int index, string input, TimeSpan took, long allocated, TimeSpan limit, string? broken)
    {
        Inputs++;
        if (took > Slowest)
        {
            Slowest = took;
            SlowestInput = Describe(input);
        }

        MostAllocated = Math.Max(MostAllocated, allocated);
        if (broken is not null)
        {
            Fail(index, input, broken);
        }
        else if (took > limit)
        {
            Fail(index, input, $"took {took.TotalMilliseconds:0} ms (limit {limit.TotalMilliseconds:0} ms)");
        }
        else if (allocated > MaxBytes)
        {
            Fail(index, input, $"allocated {allocated / (1024 * 1024)} MB");
        }
    }

    public string Summary =>
        $"{name}: {Inputs} inputs, slowest {Slowest.TotalMilliseconds:0.0} ms ({SlowestInput}), most allocated {MostAllocated / 1024.0 / 1024.0:0.0} MB, {failures.Count} failure(s)"
        + (failures.Count == 0 ? string.Empty : "\n" + string.Join("\n", failures.Take(10)));

    /// <summary>Runs <paramref name="body"/>, timing it and counting what this thread (or, with <paramref name="process"/>, the process) allocated.</summary>
    public static async Task<(TimeSpan Took, long Allocated, string? Broken)> MeasureAsync(Func<Task<string?>> body, bool process)
    {
        var before = process ? GC.GetTotalAllocatedBytes(precise: false) : GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        string? broken;
        try
        {
            broken = await body();
        }
        catch (Exception e)
        {
            broken = $"threw {e.GetType().Name}: {InputText.Clean(e.Message, 160)}";
        }

        var took = clock.Elapsed;
        var after = process ? GC.GetTotalAllocatedBytes(precise: false) : GC.GetAllocatedBytesForCurrentThread();
        return (took, after - before, broken);
    }

    private void Fail(int index, string input, string why) => failures.Add($"#{index}: {why}; input ({input.Length} chars): {Describe(input)}");

    private static string Describe(string input) => $"{input.Length} chars: {InputText.Clean(input, 120)}";
}
