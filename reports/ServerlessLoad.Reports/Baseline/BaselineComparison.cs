namespace ServerlessLoad.Reports;

/// <summary>The current run measured against a baseline run, made by <see cref="BaselineComparer.Compare"/>.</summary>
/// <param name="Rows">The run totals first (named <see cref="BaselineComparer.TotalName"/>), then each request name both
/// runs hold in the current run's order; per name: latency.p50, latency.p95, latency.p99, rps, failures.rate.</param>
/// <param name="Added">Request names only the current run holds.</param>
/// <param name="Removed">Request names only the baseline holds.</param>
public sealed record BaselineComparison(
    string BaselineRunId,
    BaselineOptions Options,
    IReadOnlyList<BaselineRow> Rows,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed)
{
    /// <summary>How many regressions the summary line names before it says "and N more".</summary>
    private const int NamedInSummary = 3;

    public bool HasRegression => Rows.Any(r => r.Regressed);

    public bool HasSignificantRegression => Rows.Any(r => r.Significant);

    /// <summary>A significant regression with the gate on: the run's verdict should fail.</summary>
    public bool FailsGate => Options.Gate && HasSignificantRegression;

    /// <summary>One line for a console or a status check, naming the regressions.</summary>
    public string Summary
    {
        get
        {
            var tolerance = BaselineFormat.Fraction(Options.Tolerance);
            var significant = Rows.Where(r => r.Significant).ToList();
            if (significant.Count > 0)
            {
                return $"{Count(significant.Count, "significant regression")} against baseline {BaselineRunId}: {Name(significant)}.";
            }

            var regressed = Rows.Where(r => r.Regressed).ToList();
            if (regressed.Count > 0)
            {
                return $"{Count(regressed.Count, "regression")} beyond the {tolerance} tolerance against baseline {BaselineRunId}, "
                    + $"none significant at alpha {BaselineFormat.Alpha(Options.Alpha)}: {Name(regressed)}.";
            }

            return $"No regression beyond the {tolerance} tolerance against baseline {BaselineRunId}.";
        }
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string Name(List<BaselineRow> rows)
    {
        var named = rows.Take(NamedInSummary)
            .Select(r => $"{r.Name} {r.Metric.Name()} {BaselineFormat.ShortChange(r)} ({BaselineFormat.PValueNote(r.PValue)})");
        var text = string.Join(", ", named);
        return rows.Count > NamedInSummary ? $"{text} and {rows.Count - NamedInSummary} more" : text;
    }
}
