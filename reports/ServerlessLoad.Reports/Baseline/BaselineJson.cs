using System.Text.Json.Serialization;

namespace ServerlessLoad.Reports;

/// <summary>
/// The comparison as report.json embeds it under "baseline". Property names are fixed camelCase whatever the
/// serializer options; numbers that are not finite become null, so the JSON never holds NaN.
/// </summary>
public sealed record BaselineJson(
    [property: JsonPropertyName("baselineRunId")] string BaselineRunId,
    [property: JsonPropertyName("tolerance")] double Tolerance,
    [property: JsonPropertyName("alpha")] double Alpha,
    [property: JsonPropertyName("gate")] bool Gate,
    [property: JsonPropertyName("hasRegression")] bool HasRegression,
    [property: JsonPropertyName("hasSignificantRegression")] bool HasSignificantRegression,
    [property: JsonPropertyName("failsGate")] bool FailsGate,
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("rows")] IReadOnlyList<BaselineRowJson> Rows,
    [property: JsonPropertyName("added")] IReadOnlyList<string> Added,
    [property: JsonPropertyName("removed")] IReadOnlyList<string> Removed)
{
    public static BaselineJson From(BaselineComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return new BaselineJson(
            comparison.BaselineRunId,
            comparison.Options.Tolerance,
            comparison.Options.Alpha,
            comparison.Options.Gate,
            comparison.HasRegression,
            comparison.HasSignificantRegression,
            comparison.FailsGate,
            comparison.Summary,
            comparison.Rows.Select(BaselineRowJson.From).ToList(),
            comparison.Added,
            comparison.Removed);
    }
}

/// <summary>
/// One row of <see cref="BaselineJson"/>. Metric as the threshold language spells it; change is "worse", "better" or
/// "unchanged"; delta rounded to 6 decimals and deltaPercent to 3, which is below what the inputs resolve.
/// </summary>
public sealed record BaselineRowJson(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("metric")] string Metric,
    [property: JsonPropertyName("baseline")] double? Baseline,
    [property: JsonPropertyName("current")] double? Current,
    [property: JsonPropertyName("delta")] double? Delta,
    [property: JsonPropertyName("deltaPercent")] double? DeltaPercent,
    [property: JsonPropertyName("change")] string Change,
    [property: JsonPropertyName("regressed")] bool Regressed,
    [property: JsonPropertyName("significant")] bool Significant,
    [property: JsonPropertyName("pValue")] double? PValue)
{
    public static BaselineRowJson From(BaselineRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new BaselineRowJson(
            row.Name,
            row.Metric.Name(),
            Finite(row.Baseline),
            Finite(row.Current),
            Finite(row.Delta, 6),
            Finite(row.DeltaPercent, 3),
            BaselineFormat.Direction(row.Change),
            row.Regressed,
            row.Significant,
            Finite(row.PValue));
    }

    private static double? Finite(double? value, int? decimals = null) =>
        value is { } v && double.IsFinite(v)
            ? decimals is { } d ? Math.Round(v, d, MidpointRounding.AwayFromZero) : v
            : null;
}
