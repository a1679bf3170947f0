namespace ServerlessLoad.Core.Plans;

/// <summary>
/// Apportions a plan's shared <c>load:</c> to its weighted scenarios exactly, the way slicing apportions a scenario
/// to slices: with weights w_i, W = Σw and prefix sums c_i, scenario i gets floor(c_{i+1}·T/W) − floor(c_i·T/W) of
/// every integer quantity T (VUs, iterations, rates, stage targets, connections), so the shares add up to the load at
/// every stage boundary. Timings (durations, stage lengths, time unit, start time, graceful stop) are never split.
/// </summary>
public static class WeightedLoad
{
    /// <summary>Scenario <paramref name="index"/>'s share of <paramref name="total"/> by <paramref name="weights"/>.</summary>
    public static long ShareOf(long total, IReadOnlyList<int> weights, int index)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, weights.Count);
        long before = 0;
        long whole = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(weights[i], 1);
            before += i < index ? weights[i] : 0;
            whole += weights[i];
        }

        return Floor(total, before + weights[index], whole) - Floor(total, before, whole);
    }

    public static int ShareOf(int total, IReadOnlyList<int> weights, int index) => (int)ShareOf((long)total, weights, index);

    /// <summary>
    /// The weighted scenario with its share of <paramref name="load"/>: the load's executor and timings, its share of
    /// every count. per-vu-iterations keeps the load's iterations, which count per VU: its VUs are what is shared.
    /// </summary>
    public static Scenario Apply(Scenario load, Scenario weighted, IReadOnlyList<int> weights, int index)
    {
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(weighted);
        int Share(int total) => ShareOf(total, weights, index);
        return weighted with
        {
            Weight = weights[index],
            Executor = load.Executor,
            Vus = Share(load.Vus),
            Iterations = load.Executor == Executors.PerVuIterations ? load.Iterations : Share(load.Iterations),
            Duration = load.Duration,
            MaxDuration = load.MaxDuration,
            Rate = Share(load.Rate),
            StartRate = Share(load.StartRate),
            TimeUnit = load.TimeUnit,
            PreAllocatedVus = Share(load.PreAllocatedVus),
            MaxVus = Share(load.MaxVus),
            StartVus = Share(load.StartVus),
            Stages = [.. load.Stages.Select(stage => stage with { Target = Share(stage.Target) })],
            Connections = load.Connections is { } connections ? Share(connections) : null,
            StartTime = load.StartTime,
            GracefulStop = load.GracefulStop,
        };
    }

    /// <summary>
    /// The smallest total from which on every total gives scenario <paramref name="index"/> at least
    /// <paramref name="wanted"/> (a share is not monotonic in the total, so a smaller total may still fall short).
    /// </summary>
    public static long SmallestTotalGiving(long wanted, IReadOnlyList<int> weights, int index)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (wanted <= 0)
        {
            return 0;
        }

        // From ceil(wanted·W/w) on the share is at least floor(w·T/W) >= wanted; below it, walk down while it holds.
        var whole = weights.Sum(w => (long)w);
        var total = (long)(((Int128)wanted * whole + weights[index] - 1) / weights[index]);
        while (total > 0 && ShareOf(total - 1, weights, index) >= wanted)
        {
            total--;
        }

        return total;
    }

    /// <summary>
    /// What keeps <paramref name="share"/> (from <see cref="Apply"/>) from running: no VUs, no arrivals, or fewer VUs
    /// or connections than the plan's slices need. Each names the load field to raise and the smallest value that works.
    /// </summary>
    public static IReadOnlyList<WeightedShortfall> Shortfalls(Scenario share, Scenario load, IReadOnlyList<int> weights, int index, int slices)
    {
        ArgumentNullException.ThrowIfNull(share);
        ArgumentNullException.ThrowIfNull(load);
        var of = $"weight {weights[index]} of {weights.Sum()}";
        long Smallest(long wanted) => SmallestTotalGiving(wanted, weights, index);
        var shortfalls = new List<WeightedShortfall>();
        switch (share.Executor)
        {
            case Executors.ConstantVus or Executors.SharedIterations or Executors.PerVuIterations when share.Vus == 0:
                shortfalls.Add(new("vus", $"gets no VUs from {of} (the load's vus: {load.Vus}): vus of at least {Smallest(1)} give it one"));
                break;
            case Executors.SharedIterations when share.Iterations < share.Vus:
                shortfalls.Add(new("iterations",
                    $"gets {share.Iterations} iterations for {share.Vus} VUs from {of}, and every VU needs one: iterations of at least {Smallest(share.Vus)} give it enough"));
                break;
            case Executors.RampingVus when share.StartVus == 0 && share.Stages.All(s => s.Target == 0):
                shortfalls.Add(new("stages",
                    $"never gets a VU from {of} (the load peaks at {Peak(load.StartVus, load)} VUs): a peak of at least {Smallest(1)} VUs gives it one"));
                break;
        }

        if (share.IsArrivalRate)
        {
            ArrivalShortfalls(share, load, of, Smallest, slices, shortfalls);
        }

        return shortfalls;
    }

    private static void ArrivalShortfalls(Scenario share, Scenario load, string of, Func<long, long> smallest, int slices, List<WeightedShortfall> shortfalls)
    {
        var ramping = share.Executor == Executors.RampingArrivalRate;
        if (ramping ? share.StartRate == 0 && share.Stages.All(s => s.Target == 0) : share.Rate == 0)
        {
            var loadRate = ramping ? $"the load peaks at a rate of {Peak(load.StartRate, load)}" : $"the load's rate: {load.Rate}";
            shortfalls.Add(new(ramping ? "stages" : "rate",
                $"never starts an iteration: gets a rate of 0 from {of} ({loadRate}): a {(ramping ? "peak " : "")}rate of at least {smallest(1)} gives it one"));
        }

        var needed = Math.Max(1, slices);
        var why = slices > 1 ? $"each of the plan's {slices} slices needs one" : "it needs one";
        if (share.MaxVus < needed)
        {
            shortfalls.Add(new("maxVUs",
                $"gets {share.MaxVus} maxVUs from {of} (the load's maxVUs: {load.MaxVus}) and {why}: maxVUs of at least {smallest(needed)} give it enough"));
        }

        if (share.Connections < needed)
        {
            shortfalls.Add(new("connections",
                $"gets {share.Connections} connections from {of} (the load's connections: {load.Connections}) and {why}: connections of at least {smallest(needed)} give it enough"));
        }
    }

    private static int Peak(int start, Scenario load) => load.Stages.Select(s => s.Target).Append(start).Max();

    // Int128 keeps total · prefix exact for any long total and weight sum.
    private static long Floor(long total, long prefix, long whole) => (long)((Int128)total * prefix / whole);
}

/// <summary>Why a weighted scenario's share of the load cannot run: the load field to raise and what to raise it to.</summary>
public sealed record WeightedShortfall(string Field, string Message);
