using ServerlessLoad.Core.Runs;

namespace ServerlessLoad.Reports;

/// <summary>The run's final status, from the most to the least severe reason.</summary>
public static class Verdict
{
    /// <summary>
    /// failed when an abortOnFail threshold stopped the run (errored if the run also broke); cancelled when the run was cancelled; errored when the run was already marked errored, the plan is missing, a slice did not complete, the pipeline recorded errors, or
    /// there is no slice at all (nothing was measured); failed when a threshold failed; passed otherwise.
    /// </summary>
    public static string Decide(RunFacts facts, IReadOnlyList<ThresholdResult> thresholdResults)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(thresholdResults);

        if (facts.AbortedBy is not null)
        {
            // Cancelled by its own threshold: slices stopped early on purpose, so only a broken run is worse than failed.
            var broken = string.Equals(facts.StatusHint, RunStatus.Errored, StringComparison.OrdinalIgnoreCase)
                || facts.Plan is null
                || facts.Errors.Count > 0
                || facts.Slices.Any(s => s.Status is not (SliceStatus.Completed or SliceStatus.Cancelled));
            return broken ? RunStatus.Errored : RunStatus.Failed;
        }

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
