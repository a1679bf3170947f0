using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Results;
using ServerlessLoad.Core.Thresholds;

namespace ServerlessLoad.Reports;

/// <summary>
/// A run's abortOnFail thresholds judged while it runs, on the same merge the report makes: the seconds handed in (always
/// a complete prefix of the run, every slice's rows up to the same second) are merged keeping the per-second
/// distributions the plan's sustained windows read (<see cref="SecondLatencyKeys"/>, websocket kinds included), and
/// judged with the plan's metric catalog. Shared by the pipeline's monitor and direct runs.
/// </summary>
public sealed class AbortWatch
{
    private readonly Aggregation.MergeBuilder merged;
    private readonly MetricCatalog catalog;

    public AbortWatch(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Rules = PlanThresholds.AbortRules(plan);
        catalog = MetricCatalog.Of(plan);
        merged = new Aggregation.MergeBuilder(SecondLatencyKeys.For(plan));
    }

    /// <summary>The plan's abortOnFail thresholds; without any, nothing is merged and nothing aborts.</summary>
    public IReadOnlyList<Threshold> Rules { get; }

    /// <summary>Merges more seconds of the run (each slice's rows in order, never a second already handed in).</summary>
    public void Add(IEnumerable<SliceSecond> seconds)
    {
        ArgumentNullException.ThrowIfNull(seconds);
        if (Rules.Count == 0)
        {
            return;
        }

        foreach (var slice in seconds.GroupBy(s => s.Slice))
        {
            merged.AddSlice(slice.ToList());
        }
    }

    /// <summary>The first violated rule once the seconds so far prove it, else null.</summary>
    public RunAbort? Check(TimeSpan elapsed) =>
        Rules.Count == 0 ? null : AbortJudge.Check(Rules, merged.Build(), elapsed, catalog);
}
