using System.Text;
using Microsoft.Extensions.Logging;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Reports;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Functions.BuildReport;

/// <summary>
/// reports: merges the run's per-second rows into the report, publishes report.json, report.md and the plan under
/// reports/{runId}/, then records the verdict as the run's final status. A run already final is left alone, so a
/// repeated message publishes nothing twice; the artifacts are a pure function of the stored rows.
/// </summary>
public sealed class BuildReportFunction(PipelineStore store, TimeProvider time, ILogger<BuildReportFunction> logger)
{
    public async Task RunAsync(ReportMessage message, Delivery delivery, CancellationToken ct)
    {
        var run = await store.GetRunAsync(message.RunId, ct).ConfigureAwait(false);
        if (run is null || RunStatus.IsFinal(run.Status))
        {
            return;
        }

        var planText = await store.GetPlanAsync(run.RunId, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The plan of run {run.RunId} is missing.");
        var plan = PlanParser.Parse(planText).Plan
            ?? throw new InvalidOperationException($"The stored plan of run {run.RunId} is invalid.");
        var slices = await store.GetSlicesAsync(run.RunId, ct).ConfigureAwait(false);
        var seconds = await store.ReadAllSecondsAsync(run.RunId, run.SliceCount, ct).ConfigureAwait(false);

        var report = ReportBuilder.Build(RunFactsFrom(run, plan, slices), seconds);
        await store.PutArtifactAsync(run.RunId, "report.json", Encoding.UTF8.GetBytes(ReportJson.Render(report)), "application/json", ct).ConfigureAwait(false);
        await store.PutArtifactAsync(run.RunId, "report.md", Encoding.UTF8.GetBytes(ReportMarkdown.Render(report)), "text/markdown; charset=utf-8", ct).ConfigureAwait(false);
        await store.PutArtifactAsync(run.RunId, "plan.yaml", Encoding.UTF8.GetBytes(planText), "application/yaml", ct).ConfigureAwait(false);

        var (final, _) = await store.UpdateRunAsync(
            run.RunId,
            r =>
            {
                if (RunStatus.IsFinal(r.Status))
                {
                    return false;
                }

                r.Status = report.Verdict;
                r.Requests = report.Totals.Requests;
                r.Failures = report.Totals.Failures;
                r.EndedAt ??= time.GetUtcNow();
                r.ReportStage = "published";
                r.ReportedAt = time.GetUtcNow();
                return true;
            },
            ct).ConfigureAwait(false);
        logger.LogInformation("Run {RunId}: report published, verdict {Verdict}.", run.RunId, final?.Status);
    }

    /// <summary>A run with a cancel request is reported as cancelled; its slices that never ended count as cancelled too.</summary>
    internal static RunFacts RunFactsFrom(RunRecord run, Plan plan, IReadOnlyList<SliceRecord> slices)
    {
        var cancelled = run.CancelRequestedAt is not null;
        return new RunFacts
        {
            RunId = run.RunId,
            Plan = plan,
            PlanName = run.PlanName,
            StartedAt = run.StartAt ?? run.CreatedAt,
            EndedAt = run.EndedAt ?? slices.Max(s => s.EndedAt) ?? run.StartAt ?? run.CreatedAt,
            StatusHint = cancelled ? RunStatus.Cancelled : run.Status,
            Trigger = run.Trigger,
            Slices = slices
                .Select(s => new SliceFacts(
                    s.Index,
                    cancelled && !SliceStatus.IsTerminal(s.Status) ? SliceStatus.Cancelled : s.Status,
                    s.Attempt,
                    s.Requests,
                    s.Failures,
                    s.Error))
                .ToList(),
            Errors = run.Error is null ? [] : [run.Error],
        };
    }
}
