using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Runner.Engine;

/// <summary>
/// Closed model: a fixed number of virtual users, each sending one request after another for the scenario's duration.
/// A request started before the end is completed and recorded; none is started after it.
/// </summary>
public sealed class ConstantVusExecutor(int sliceIndex, TimeProvider time)
{
    public async Task RunAsync(
        Plan plan,
        Scenario scenario,
        int vus,
        DateTimeOffset startAt,
        SliceRecorder recorder,
        HttpRequestSender sender,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentOutOfRangeException.ThrowIfNegative(vus);
        if (vus == 0 || scenario.Duration <= TimeSpan.Zero)
        {
            return;
        }

        var picker = new WeightedPicker(scenario.Requests);
        var scenarioIndex = IndexOf(plan, scenario);
        var begin = startAt + scenario.StartTime;
        var end = begin + scenario.Duration;
        await DelayUntilAsync(begin, ct);

        var users = new Task[vus];
        for (var vu = 0; vu < vus; vu++)
        {
            var random = new Random(VirtualUserSeed(sliceIndex, scenarioIndex, vu));
            users[vu] = RunVirtualUserAsync(picker, random, end, recorder, sender, ct);
        }

        await Task.WhenAll(users);
    }

    /// <summary>
    /// Deterministic across processes (unlike HashCode), so a slice replays the same request sequence on every run.
    /// </summary>
    public static int VirtualUserSeed(int sliceIndex, int scenarioIndex, int vu)
    {
        var x = ((ulong)(uint)sliceIndex << 40) ^ ((ulong)(uint)scenarioIndex << 20) ^ (uint)vu;

        // SplitMix64 finalizer: neighbouring inputs give unrelated seeds.
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return unchecked((int)x);
    }

    private async Task RunVirtualUserAsync(
        WeightedPicker picker,
        Random random,
        DateTimeOffset end,
        SliceRecorder recorder,
        HttpRequestSender sender,
        CancellationToken ct)
    {
        recorder.AddActiveVus(1);
        try
        {
            while (!ct.IsCancellationRequested && time.GetUtcNow() < end)
            {
                var outcome = await sender.SendAsync(picker.Pick(random), ct);
                if (outcome is not { } finished)
                {
                    break;
                }

                recorder.Record(in finished);
            }
        }
        finally
        {
            recorder.AddActiveVus(-1);
        }
    }

    private async Task DelayUntilAsync(DateTimeOffset due, CancellationToken ct)
    {
        // Timers may fire a hair early against the wall clock; loop so no VU starts before its time.
        for (var wait = due - time.GetUtcNow(); wait > TimeSpan.Zero; wait = due - time.GetUtcNow())
        {
            await Task.Delay(wait, time, ct);
        }
    }

    private static int IndexOf(Plan plan, Scenario scenario)
    {
        for (var i = 0; i < plan.Scenarios.Count; i++)
        {
            if (ReferenceEquals(plan.Scenarios[i], scenario))
            {
                return i;
            }
        }

        return 0;
    }
}
