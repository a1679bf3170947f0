namespace ServerlessLoad.Reports;

/// <summary>
/// One metric of one request name (or <see cref="BaselineComparer.TotalName"/>) in the baseline and the current run.
/// Latencies are milliseconds, rps per second, failure rates fractions.
/// </summary>
/// <param name="Delta">Current minus baseline.</param>
/// <param name="DeltaPercent">Delta as a percentage of the baseline; null when the baseline is 0.</param>
/// <param name="Change">Whether the current run is better or worse, whatever the size of the change.</param>
/// <param name="Regressed">Worse by more than the tolerance.</param>
/// <param name="Significant">Regressed, and the metric's per-second series differs with p below alpha.</param>
/// <param name="PValue">The Mann-Whitney p-value of the metric's per-second series; null when either run lacks them.</param>
public sealed record BaselineRow(
    string Name,
    BaselineMetric Metric,
    double Baseline,
    double Current,
    double Delta,
    double? DeltaPercent,
    BaselineChange Change,
    bool Regressed,
    bool Significant,
    double? PValue);
