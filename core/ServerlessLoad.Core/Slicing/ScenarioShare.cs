using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Core.Slicing;

/// <summary>
/// A slice's share of a scenario's counts, from (scenario, index, count) alone: VUs, iterations and connections split
/// with <see cref="Share"/>; timings (durations, stages, start times) are never split.
/// </summary>
public static class ScenarioShare
{
    /// <summary>VUs of constant-vus, shared-iterations and per-vu-iterations.</summary>
    public static int Vus(Scenario scenario, int index, int count) => Share.Of(scenario.Vus, index, count);

    /// <summary>Iterations this slice runs: its share of shared-iterations, or its VUs times per-vu-iterations.</summary>
    public static long Iterations(Scenario scenario, int index, int count) => scenario.Executor switch
    {
        Executors.SharedIterations => Share.Of((long)scenario.Iterations, index, count),
        Executors.PerVuIterations => (long)Vus(scenario, index, count) * scenario.Iterations,
        _ => 0,
    };

    public static int PreAllocatedVus(Scenario scenario, int index, int count) => Share.Of(scenario.PreAllocatedVus, index, count);

    public static int MaxVus(Scenario scenario, int index, int count) => Share.Of(scenario.MaxVus, index, count);

    /// <summary>Keep-alive connections per target of an arrival-rate scenario's pool; null means one per VU.</summary>
    public static int? Connections(Scenario scenario, int index, int count) =>
        scenario.Connections is { } connections ? Share.Of(connections, index, count) : null;
}
