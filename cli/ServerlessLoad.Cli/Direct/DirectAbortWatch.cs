using ServerlessLoad.Core.Results;
using ServerlessLoad.Core.Thresholds;
using ServerlessLoad.Reports;

namespace ServerlessLoad.Cli.Direct;

/// <summary>
/// abortOnFail in a direct run: every second the slices hand over (all slices' seconds before the same instant, so
/// always a complete prefix of the run) is merged, and the abort thresholds are judged on everything so far, as the
/// pipeline's monitor does with the stored rows.
/// </summary>
internal sealed class DirectAbortWatch(IReadOnlyList<Threshold> rules)
{
    private readonly Aggregation.MergeBuilder merged = new(
        rules.Where(t => t.Over is not null && t.Request is not null).Select(t => t.Request!).ToHashSet(StringComparer.Ordinal));

    /// <summary>The first violated rule once the seconds so far prove it, else null (always null without rules).</summary>
    public RunAbort? Observe(IReadOnlyList<SliceSecond> seconds, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(seconds);
        if (rules.Count == 0)
        {
            return null;
        }

        foreach (var slice in seconds.GroupBy(s => s.Slice))
        {
            merged.AddSlice(slice.ToList());
        }

        return AbortJudge.Check(rules, merged.Build(), elapsed);
    }
}
