using ServerlessLoad.Core.Runs;

namespace ServerlessLoad.Reports;

/// <summary>The run's final status, from the most to the least severe reason.</summary>
public static class Verdict
{
    /// <summary>
    /// cancelled when the run was cancelled; errored when the run was already marked errored, the plan is missing, a slice did not complete, the pipeline recorded errors, or
    /// there is no slice at all (nothing was measured); failed when a threshold failed; passed otherwise.
    /// </summary>
    public static string Decide(RunFacts facts, IReadOnlyList<ThresholdResult> thresholdResults)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(thresholdResults);

        if (string.Equals(facts.StatusHint, RunStatus.Cancelled, StringComparison.OrdinalIgnoreCase))
        {
            return RunStatus.Cancelled;
        }

        if (string.Equals(facts.StatusHint, RunStatus.Errored, StringComparison.OrdinalIgnoreCase)
            || facts.Plan is null
            || facts.Slices.Count == 0
            || facts.Errors.Count > 0
            || facts.Slices.Any(s => s.Status != SliceStatus.Completed))
        {
            return RunStatus.Errored;
        }

        return thresholdResults.Any(t => !t.Passed) ? RunStatus.Failed : RunStatus.Passed;
    }
}
