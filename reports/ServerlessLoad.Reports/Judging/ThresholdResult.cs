using System.Globalization;
using System.Text.Json.Serialization;

namespace ServerlessLoad.Reports;

/// <summary>
/// The judgement of one threshold expression. <see cref="Actual"/> is the whole-run value in <see cref="Unit"/> (null
/// when there was no data to judge, which always fails).
/// </summary>
public sealed record ThresholdResult(
    [property: JsonPropertyName("expression")] string Source,
    bool Passed,
    double? Actual,
    string Unit,
    string Message)
{
    /// <summary>The actual value as a person reads it: <c>123.46 ms</c>, <c>1.25%</c>, <c>42</c>, <c>10.5/s</c>.</summary>
    public string ActualText => Actual is { } value ? ThresholdUnits.Format(value, Unit) : "no data";
}

/// <summary>Units of <see cref="ThresholdResult.Actual"/>, matching how threshold values are normalized.</summary>
public static class ThresholdUnits
{
    public const string Milliseconds = "ms";
    public const string Fraction = "fraction";
    public const string Count = "count";
    public const string PerSecond = "per_second";
    public const string None = "";

    /// <summary>A unitless score (layout shift).</summary>
    public const string Score = "score";

    public static string Format(double value, string unit) => unit switch
    {
        Milliseconds => value.ToString("0.00", CultureInfo.InvariantCulture) + " ms",
        Fraction => (value * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%",
        PerSecond => value.ToString("0.0", CultureInfo.InvariantCulture) + "/s",
        Score => value.ToString("0.0000", CultureInfo.InvariantCulture),
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };
}
