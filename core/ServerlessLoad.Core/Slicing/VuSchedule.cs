using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Core.Slicing;

/// <summary>
/// How many virtual users a ramping-vus scenario runs over time. The whole plan's count V(t) moves linearly through the
/// stages, truncated toward the stage's starting value, so it reaches each target exactly at the stage's end; a slice
/// runs Share.Of(V(t), index, count) at every instant, so the slices always add up to V(t).
/// </summary>
public static class VuSchedule
{
    /// <summary>V(t): the whole plan's VUs at <paramref name="offset"/> from the scenario's start.</summary>
    public static int VusAt(Scenario scenario, TimeSpan offset)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var from = scenario.StartVus;
        var stageStart = TimeSpan.Zero;
        foreach (var stage in scenario.Stages)
        {
            var elapsed = offset - stageStart;
            if (elapsed < stage.Duration)
            {
                return elapsed < TimeSpan.Zero ? from : from + (int)((long)(stage.Target - from) * elapsed.Ticks / stage.Duration.Ticks);
            }

            from = stage.Target;
            stageStart += stage.Duration;
        }

        return from;
    }

    /// <summary>
    /// The instants at which this slice's VU count changes, starting with its count at offset 0, offsets ascending:
    /// between two changes (and after the last) the slice runs the count of the earlier one.
    /// </summary>
    public static IEnumerable<(TimeSpan Offset, int Vus)> SliceChanges(Scenario scenario, int index, int count)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        return Enumerate(scenario, index, count);
    }

    /// <summary>The most VUs this slice ever runs at once.</summary>
    public static int SlicePeak(Scenario scenario, int index, int count) =>
        SliceChanges(scenario, index, count).Max(c => c.Vus);

    private static IEnumerable<(TimeSpan, int)> Enumerate(Scenario scenario, int index, int count)
    {
        (TimeSpan Offset, int Vus)? pending = null;
        int? emitted = null;
        foreach (var (offset, vus) in PlanChanges(scenario))
        {
            // Several changes at one instant: only the last one is ever in effect.
            if (pending is { } p && p.Offset != offset)
            {
                var share = Share.Of(p.Vus, index, count);
                if (share != emitted)
                {
                    emitted = share;
                    yield return (p.Offset, share);
                }
            }

            pending = (offset, vus);
        }

        if (pending is { } last && Share.Of(last.Vus, index, count) is var final && final != emitted)
        {
            yield return (last.Offset, final);
        }
    }

    /// <summary>Every instant V(t) changes, with its new value, starting with (0, startVUs).</summary>
    private static IEnumerable<(TimeSpan, int)> PlanChanges(Scenario scenario)
    {
        var from = scenario.StartVus;
        var stageStart = TimeSpan.Zero;
        yield return (TimeSpan.Zero, from);
        foreach (var stage in scenario.Stages)
        {
            var steps = Math.Abs(stage.Target - from);
            var direction = Math.Sign(stage.Target - from);
            if (stage.Duration == TimeSpan.Zero)
            {
                if (steps > 0)
                {
                    yield return (stageStart, stage.Target);
                }
            }
            else
            {
                // V reaches from ± m at the first tick e with |Δ|·e / d >= m, i.e. e = ceil(m·d / |Δ|).
                var d = stage.Duration.Ticks;
                for (var m = 1; m <= steps; m++)
                {
                    var e = (long)(((Int128)m * d + steps - 1) / steps);
                    yield return (stageStart + TimeSpan.FromTicks(e), from + (direction * m));
                }
            }

            from = stage.Target;
            stageStart += stage.Duration;
        }
    }
}
