using System.Text;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Reports;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Functions.BuildReport;

/// <summary>
/// The run a report is compared with: the one named when the run started, else the plan's pinned run, else the last
/// passed run of the same plan name created before this one. Its report.json is read back as a report model.
/// </summary>
public sealed class BaselineFinder(PipelineStore store)
{
    /// <summary>The baseline's report, or null with a note saying why there is none when one was asked for.</summary>
    public async Task<(RunReport? Report, string? Note)> FindAsync(RunRecord run, Plan plan, CancellationToken ct)
    {
        var pinned = run.BaselineRunId ?? plan.Baseline?.RunId;
        var baselineId = pinned ?? (await store.ListRunsAsync(ct).ConfigureAwait(false))
            .Where(r => r.PlanName == run.PlanName && r.Status == RunStatus.Passed && r.RunId != run.RunId && r.CreatedAt < run.CreatedAt)
            .Select(r => r.RunId)
            .FirstOrDefault();
        if (baselineId is null || baselineId == run.RunId)
        {
            return (null, null);
        }

        // Checked where it came in; checked again here, since a run stored before that check may still name a path.
        if (Core.Security.ResourceIds.RunIdProblem(baselineId) is { } problem)
        {
            return (null, $"baseline: {problem}; no comparison was made");
        }

        var blob = await store.GetArtifactAsync(baselineId, "report.json", ct).ConfigureAwait(false);
        if (blob is null)
        {
            return (null, $"baseline run {baselineId} has no report.json; no comparison was made");
        }

        try
        {
            return (ReportJson.Parse(Encoding.UTF8.GetString(blob.Data)), null);
        }
        catch (FormatException e)
        {
            return (null, $"baseline run {baselineId}: {e.Message}; no comparison was made");
        }
    }
}
