using System.Globalization;

namespace ServerlessLoad.Reports.Charts;

/// <summary>
/// A logarithmic axis whose bounds are 1, 2 or 5 times a power of ten. Charts place a value v at log10(v), so these
/// ticks fall on round values.
/// </summary>
internal sealed record LogScale(double Min, double Max)
{
    /// <summary>Beyond this many decades only powers of ten are labelled, so labels stay apart.</summary>
    private const double DecadesWithIntermediateTicks = 3;

    public static LogScale Around(double low, double high)
    {
        low = Math.Max(low, 1e-6);
        high = Math.Max(high, low * 1.0001);
        return new LogScale(NiceBelow(low), NiceAbove(high));
    }

    public IReadOnlyList<double> Ticks
    {
        get
        {
            var decades = Math.Log10(Max) - Math.Log10(Min);
            double[] multipliers = decades > DecadesWithIntermediateTicks ? [1] : [1, 2, 5];
            var ticks = new List<double>();
            for (var exponent = (int)Math.Floor(Math.Log10(Min)); exponent <= (int)Math.Ceiling(Math.Log10(Max)); exponent++)
            {
                foreach (var multiplier in multipliers)
                {
                    var tick = Snap(multiplier * Math.Pow(10, exponent));
                    if (tick >= Min * 0.999 && tick <= Max * 1.001)
                    {
                        ticks.Add(tick);
                    }
                }
            }

            return ticks;
        }
    }

    public static string Label(double value)
    {
        if (value >= 1e4)
        {
            return (value / 1e3).ToString("0.###", CultureInfo.InvariantCulture) + "k";
        }

        return value.ToString(value >= 1 ? "0" : "0.######", CultureInfo.InvariantCulture);
    }

    private static double NiceBelow(double value)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        var candidates = new[] { 5, 2, 1 }.Select(m => Snap(m * magnitude));
        return candidates.First(c => c <= value * 1.000001);
    }

    private static double NiceAbove(double value)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        var candidates = new[] { 1, 2, 5, 10 }.Select(m => Snap(m * magnitude));
        return candidates.First(c => c >= value * 0.999999);
    }

    /// <summary>Removes floating noise from powers of ten such as 0.30000000000000004.</summary>
    private static double Snap(double value) => double.Parse(value.ToString("G12", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
