using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Core.Thresholds;

/// <summary>A validated plan's thresholds as parsed rules, with their abortOnFail settings.</summary>
public static class PlanThresholds
{
    public static IReadOnlyList<Threshold> Parse(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var aborts = new Dictionary<string, ThresholdAbort>(StringComparer.Ordinal);
        foreach (var abort in plan.AbortOnFail)
        {
            aborts.TryAdd(abort.Threshold, abort);
        }

        return plan.Thresholds
            .Select(text => ThresholdParser.Parse(text) is var threshold && aborts.TryGetValue(text, out var abort)
                ? threshold with { AbortOnFail = true, DelayAbortEval = abort.Delay }
                : threshold)
            .ToList();
    }

    /// <summary>Only the rules that abort the run early; empty for most plans.</summary>
    public static IReadOnlyList<Threshold> AbortRules(Plan plan) =>
        plan is { AbortOnFail.Count: 0 } ? [] : Parse(plan).Where(t => t.AbortOnFail).ToList();
}
