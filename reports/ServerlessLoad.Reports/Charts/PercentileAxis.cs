using System.Globalization;

namespace ServerlessLoad.Reports.Charts;

/// <summary>
/// The X axis of a percentile curve: a percentile p sits at log10(100 / (100 - p)), so 0 %, 90 %, 99 %, 99.9 % ... are
/// evenly spaced, one "nine" per unit.
/// </summary>
internal sealed record PercentileAxis(int Nines)
{
    /// <summary>The tail shown never goes beyond 99.9999 %: no run holds enough samples to say more.</summary>
    public const int MaxNines = 6;

    private static readonly double[] Labelled = [0, 50, 90, 99, 99.9, 99.99, 99.999, 99.9999];

    public static PercentileAxis Covering(double highestPercentile)
    {
        var nines = (int)Math.Ceiling(Position(highestPercentile) - 1e-9);
        return new PercentileAxis(Math.Clamp(nines, 1, MaxNines));
    }

    public static double Position(double percentile)
    {
        var p = Math.Clamp(percentile, 0, 100 - Math.Pow(10, 2 - MaxNines));
        return Math.Log10(100 / (100 - p));
    }

    public IReadOnlyList<double> Ticks => Labelled.Where(p => Position(p) <= Nines + 1e-9).ToList();

    public static string Label(double percentile) => percentile.ToString("0.####", CultureInfo.InvariantCulture) + "%";
}
