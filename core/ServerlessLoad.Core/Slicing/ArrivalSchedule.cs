using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Core.Slicing;

/// <summary>
/// When the iterations of an arrival-rate scenario start. The rate is piecewise linear (constant-arrival-rate is one
/// flat stage); A(t), the integral of the rate, counts arrivals, and arrival k (0-based) starts at the first tick t with
/// A(t) &gt;= k. Slice i of N takes the arrivals k with k mod N = i, so the slices' arrivals together are exactly the
/// plan's, at the plan's instants. All arithmetic is exact (integer ticks, 128-bit intermediates).
/// </summary>
public static class ArrivalSchedule
{
    /// <summary>Every arrival of the whole scenario, over all slices.</summary>
    public static long Count(Scenario scenario) => CountBefore(scenario, scenario.Length);

    /// <summary>Arrivals of the whole scenario that start before <paramref name="offset"/> from the scenario's start.</summary>
    public static long CountBefore(Scenario scenario, TimeSpan offset)
    {
        var curve = Curve.Of(scenario);
        var ticks = Math.Min(offset.Ticks, curve.TotalTicks);
        return ticks <= 0 ? 0 : (long)(curve.ScaledArrivals(ticks - 1) / curve.Scale) + 1;
    }

    /// <summary>Arrivals planned in [from, to) from the scenario's start: the planned load of that span.</summary>
    public static long CountBetween(Scenario scenario, TimeSpan from, TimeSpan to) =>
        to <= from ? 0 : CountBefore(scenario, to) - CountBefore(scenario, from);

    /// <summary>The offset from the scenario's start at which arrival <paramref name="k"/> starts.</summary>
    public static TimeSpan OffsetOf(Scenario scenario, long k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var curve = Curve.Of(scenario);
        var stage = 0;
        return TimeSpan.FromTicks(curve.TickOf(k, ref stage));
    }

    /// <summary>This slice's arrivals in order: (k, offset) for every k &lt; <see cref="Count"/> with k mod count = index.</summary>
    public static IEnumerable<(long Arrival, TimeSpan Offset)> ForSlice(Scenario scenario, int index, int count)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        return Enumerate(Curve.Of(scenario), Count(scenario), index, count);
    }

    private static IEnumerable<(long, TimeSpan)> Enumerate(Curve curve, long total, int index, int count)
    {
        var stage = 0;
        for (long k = index; k < total; k += count)
        {
            yield return (k, TimeSpan.FromTicks(curve.TickOf(k, ref stage)));
        }
    }

    /// <summary>
    /// The rate as linear pieces. Arrivals are kept scaled by <see cref="Scale"/> = 2 · timeUnit so that a piece's
    /// count is an integer: over d ticks from rate r0 to r1 it adds (r0 + r1) · d scaled arrivals, and inside a piece
    /// the scaled count at x ticks is (2·r0·x·d + (r1 − r0)·x²) / d.
    /// </summary>
    private sealed class Curve
    {
        private readonly long[] starts;
        private readonly long[] lengths;
        private readonly long[] fromRates;
        private readonly long[] toRates;
        private readonly Int128[] scaledBefore;

        private Curve(List<(long Ticks, long From, long To)> pieces, long timeUnitTicks)
        {
            Scale = 2 * (Int128)timeUnitTicks;
            starts = new long[pieces.Count];
            lengths = new long[pieces.Count];
            fromRates = new long[pieces.Count];
            toRates = new long[pieces.Count];
            scaledBefore = new Int128[pieces.Count + 1];
            long at = 0;
            for (var i = 0; i < pieces.Count; i++)
            {
                (lengths[i], fromRates[i], toRates[i]) = pieces[i];
                starts[i] = at;
                at += lengths[i];
                scaledBefore[i + 1] = scaledBefore[i] + ((Int128)(fromRates[i] + toRates[i]) * lengths[i]);
            }

            TotalTicks = at;
        }

        public Int128 Scale { get; }

        public long TotalTicks { get; }

        public static Curve Of(Scenario scenario)
        {
            var pieces = new List<(long, long, long)>();
            if (scenario.Executor == Executors.RampingArrivalRate)
            {
                long from = scenario.StartRate;
                foreach (var stage in scenario.Stages)
                {
                    pieces.Add((stage.Duration.Ticks, from, stage.Target));
                    from = stage.Target;
                }
            }
            else
            {
                pieces.Add((scenario.Duration.Ticks, scenario.Rate, scenario.Rate));
            }

            return new Curve(pieces, scenario.TimeUnit.Ticks);
        }

        /// <summary>Scaled arrivals in [0, tick]: A(tick) · Scale, rounded down.</summary>
        public Int128 ScaledArrivals(long tick)
        {
            var piece = PieceAt(tick);
            return scaledBefore[piece] + (WithinPiece(piece, tick - starts[piece]) / lengths[piece]);
        }

        /// <summary>The first tick with A(tick) &gt;= k; <paramref name="piece"/> is where to start looking (k only grows).</summary>
        public long TickOf(long k, ref int piece)
        {
            var wanted = k * Scale;
            while (piece < lengths.Length - 1 && (lengths[piece] == 0 || scaledBefore[piece + 1] < wanted))
            {
                piece++;
            }

            var length = lengths[piece];
            if (length == 0)
            {
                return starts[piece];
            }

            // Solve (r1 − r0)·x² + 2·r0·d·x = (wanted − before)·d for x in doubles, then settle the exact tick.
            var need = (wanted - scaledBefore[piece]) * length;
            var a = (double)(toRates[piece] - fromRates[piece]);
            var b = 2.0 * fromRates[piece] * length;
            var c = (double)need;
            var estimate = c <= 0 ? 0 : a == 0 ? c / b : 2 * c / (b + Math.Sqrt((b * b) + (4 * a * c)));
            var x = double.IsFinite(estimate) ? (long)Math.Clamp(Math.Floor(estimate), 0, length) : length;
            while (x > 0 && WithinPiece(piece, x - 1) >= need)
            {
                x--;
            }

            while (x < length && WithinPiece(piece, x) < need)
            {
                x++;
            }

            return starts[piece] + x;
        }

        /// <summary>Scaled arrivals of a piece in its first x ticks, times the piece's length (exact).</summary>
        private Int128 WithinPiece(int piece, long x) =>
            (2 * (Int128)fromRates[piece] * x * lengths[piece]) + ((Int128)(toRates[piece] - fromRates[piece]) * x * x);

        private int PieceAt(long tick)
        {
            var index = Array.BinarySearch(starts, tick);
            var piece = index >= 0 ? index : ~index - 1;

            // Zero-length pieces share their start with the next one; they hold no ticks.
            while (piece < lengths.Length - 1 && (lengths[piece] == 0 || tick >= starts[piece] + lengths[piece]))
            {
                piece++;
            }

            return piece;
        }
    }
}
