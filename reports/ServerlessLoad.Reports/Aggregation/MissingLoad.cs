using System.Globalization;
using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Reports;

/// <summary>
/// How much of the planned load went unmeasured, in slice-seconds (a slice's planned second with no row), against the
/// tolerance: the plan's <c>maxMissingLoad</c>, else the pipeline's default. More than the tolerance errors the run,
/// whatever the thresholds say (a gate must not pass a test that did not happen); less is shown as a warning.
/// </summary>
public sealed record MissingLoadReport(long MissingSliceSeconds, long PlannedSliceSeconds, double Fraction, double Tolerance, string Summary)
{
    /// <summary>More is missing than the tolerance allows: the run errors.</summary>
    public bool Exceeded => Fraction > Tolerance;

    private const int SpansNamed = 5;

    /// <summary>Null when nothing was planned or nothing is missing.</summary>
    public static MissingLoadReport? Of(RunFacts facts, IReadOnlyList<SliceReport> slices)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(slices);
        if (facts.Plan is not { } plan)
        {
            return null;
        }

        var runEnd = SliceGaps.RunEnd(facts);
        var planned = Enumerable.Range(0, plan.Slices).Sum(i => (long)SliceGaps.PlannedSeconds(plan, i, runEnd).Count);
        var spans = slices.SelectMany(s => s.MissingSeconds.Select(m => (s.Index, Span: m))).ToList();
        var missing = spans.Sum(s => s.Span.To - s.Span.From + 1);
        if (planned == 0 || missing == 0)
        {
            return null;
        }

        var tolerance = plan.MaxMissingLoad ?? facts.DefaultMaxMissingLoad;
        var fraction = (double)missing / planned;
        var verdict = fraction > tolerance ? "more than" : "within";
        var where = string.Join("; ", spans.Take(SpansNamed).Select(s => $"slice {s.Index}, {Seconds(s.Span)}, {Cause(s.Span.Reason)}"))
            + (spans.Count > SpansNamed ? $"; and {spans.Count - SpansNamed} more span(s)" : string.Empty);
        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"{missing} of {planned} slice-seconds missing ({Percent.Format(fraction)}, {verdict} the {Percent.Format(tolerance)} allowed): {where}");
        return new MissingLoadReport(missing, planned, Math.Round(fraction, 6), tolerance, summary);
    }

    private static string Seconds(MissingSpan span) =>
        span.From == span.To
            ? string.Create(CultureInfo.InvariantCulture, $"second {span.From}")
            : string.Create(CultureInfo.InvariantCulture, $"seconds {span.From}-{span.To}");

    /// <summary>The span's reason in a few words, for the one-line summary (report.json keeps the full reason per span).</summary>
    private static string Cause(string reason) =>
        reason.Contains("took over", StringComparison.Ordinal) || reason.Contains("stopped before storing", StringComparison.Ordinal)
            ? "runner lost"
            : reason.Contains("started late", StringComparison.Ordinal) || reason.Contains("started after its timeline", StringComparison.Ordinal)
                ? "started late"
                : reason.Contains("was lost", StringComparison.Ordinal) ? "slice lost"
                : reason.Contains("failed", StringComparison.Ordinal) ? "slice failed"
                : reason.Contains("cancelled", StringComparison.Ordinal) ? "cancelled"
                : "not measured";
}
