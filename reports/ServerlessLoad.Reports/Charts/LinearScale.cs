using System.Globalization;

namespace ServerlessLoad.Reports.Charts;

/// <summary>
/// A value axis from <see cref="Min"/> to <see cref="Max"/> with ticks every <see cref="Step"/>, where the step is 1, 2
/// or 5 times a power of ten and the bounds are multiples of it.
/// </summary>
internal sealed record LinearScale(double Min, double Max, double Step)
{
    private static readonly double[] Multipliers = [1, 2, 5];

    /// <summary>The smallest 1-2-5 step that covers [min, max] with at most <paramref name="maxTicks"/> intervals.</summary>
    public static LinearScale Nice(double min, double max, int maxTicks)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max))
        {
            (min, max) = (0, 1);
        }

        if (max <= min)
        {
            max = min + 1;
        }

        maxTicks = Math.Max(1, maxTicks);
        var raw = (max - min) / maxTicks;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)) - 1);
        while (true)
        {
            foreach (var multiplier in Multipliers)
            {
                var step = multiplier * magnitude;
                var low = Math.Floor((min / step) + 1e-9) * step;
                var high = Math.Ceiling((max / step) - 1e-9) * step;
                if (Math.Round((high - low) / step) <= maxTicks)
                {
                    return new LinearScale(low, high, step);
                }
            }

            magnitude *= 10;
        }
    }

    public IReadOnlyList<double> Ticks
    {
        get
        {
            var ticks = new List<double>();
            var first = (long)Math.Round(Min / Step);
            var last = (long)Math.Round(Max / Step);
            for (var i = first; i <= last; i++)
            {
                ticks.Add(i * Step);
            }

            return ticks;
        }
    }

    /// <summary>Maps a value to the pixel range [<paramref name="from"/>, <paramref name="to"/>] (either may be larger).</summary>
    public double Map(double value, double from, double to) => from + ((value - Min) / (Max - Min) * (to - from));

    /// <summary>Tick text with just the decimals the step needs; k or M once the axis reaches 10,000 or 10,000,000.</summary>
    public string Label(double value)
    {
        var (divisor, suffix) = Math.Max(Math.Abs(Min), Math.Abs(Max)) switch
        {
            >= 1e7 => (1e6, "M"),
            >= 1e4 => (1e3, "k"),
            _ => (1.0, ""),
        };
        var snapped = Math.Round(value / Step) * Step / divisor;
        var decimals = Math.Clamp((int)Math.Ceiling(-Math.Log10(Step / divisor) - 1e-9), 0, 6);
        var text = snapped.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return (text.TrimStart('-').Trim('0', '.').Length == 0 ? "0" : text) + suffix;
    }
}
