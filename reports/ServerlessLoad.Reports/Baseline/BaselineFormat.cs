using System.Globalization;

namespace ServerlessLoad.Reports;

/// <summary>
/// Numbers of a baseline comparison as text, in the invariant culture like report.md: milliseconds with 2 decimals,
/// rates per second with 1, failure rates as percentages with 2 (their changes in percentage points), p-values with 3.
/// </summary>
internal static class BaselineFormat
{
    public static string Value(BaselineMetric metric, double value) => metric switch
    {
        BaselineMetric.Rps => Number(value, "0.0") + "/s",
        BaselineMetric.FailureRate => Number(value * 100, "0.00") + "%",
        _ => Number(value, "0.00") + " ms",
    };

    /// <summary>The absolute change with its unit, then the relative change when the baseline is not 0: "+2.50 ms (+25.0%)".</summary>
    public static string Change(BaselineRow row)
    {
        var absolute = row.Metric switch
        {
            BaselineMetric.Rps => Signed(row.Delta, "0.0") + "/s",
            BaselineMetric.FailureRate => Signed(row.Delta * 100, "0.00") + " pp",
            _ => Signed(row.Delta, "0.00") + " ms",
        };
        return row.DeltaPercent is { } percent ? $"{absolute} ({Signed(percent, "0.0")}%)" : absolute;
    }

    /// <summary>The relative change when there is one ("+25.0%"), else the absolute one.</summary>
    public static string ShortChange(BaselineRow row) =>
        row.DeltaPercent is { } percent ? Signed(percent, "0.0") + "%" : Change(row);

    public static string Direction(BaselineChange change) => change switch
    {
        BaselineChange.Worse => "worse",
        BaselineChange.Better => "better",
        _ => "unchanged",
    };

    public static string PValue(double? p) => p switch
    {
        null => "n/a",
        < 0.001 => "< 0.001",
        { } value => Number(value, "0.000"),
    };

    /// <summary>For prose: "p = 0.012", "p < 0.001", or why there is none.</summary>
    public static string PValueNote(double? p) => p switch
    {
        null => "no per-second data",
        < 0.001 => "p < 0.001",
        { } value => "p = " + Number(value, "0.000"),
    };

    public static string Fraction(double fraction) => Number(fraction * 100, "0.##") + "%";

    public static string Alpha(double alpha) => Number(alpha, "0.###");

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>A leading + or -, except for values that round to zero (no "-0.00").</summary>
    private static string Signed(double value, string format)
    {
        var magnitude = Number(Math.Abs(value), format);
        if (double.Parse(magnitude, CultureInfo.InvariantCulture) == 0)
        {
            return magnitude;
        }

        return (value < 0 ? "-" : "+") + magnitude;
    }
}
