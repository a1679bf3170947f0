using System.Globalization;
using System.Security.Cryptography;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Functions.StartRun;

/// <param name="RunId">The run, when accepted.</param>
/// <param name="Problems">Why not, when refused.</param>
/// <param name="Masked">Where literal credentials were masked before the plan was stored (the run sends the mask).</param>
public sealed record StartRunResult(string? RunId, IReadOnlyList<PlanProblem> Problems, IReadOnlyList<string>? Masked = null)
{
    public bool Accepted => RunId is not null;
}

/// <summary>
/// Accepts a plan: validates it (every problem at once, allowed targets and the plan-wide budget included), stores it
/// without literal credentials (canonical YAML: no comments, credential-like values masked, secret references kept),
/// records the run as queued and asks PlanRun to split it. Nothing reaches a runner unless this accepted it.
/// </summary>
public sealed class StartRunFunction(PipelineStore store, PipelineSettings settings, TimeProvider time)
{
    public Task<StartRunResult> StartAsync(string planText, string trigger, CancellationToken ct, string? baselineRunId = null) =>
        StartAsync(planText, trigger, runId: null, ct, baselineRunId);

    /// <summary>
    /// With a caller-chosen <paramref name="runId"/> the start is idempotent: when that run exists already nothing is
    /// stored again and only the planning request is sent again (PlanRun ignores repeats), so a caller that died
    /// half-way through a start can simply start the same id again.
    /// </summary>
    public async Task<StartRunResult> StartAsync(string planText, string trigger, string? runId, CancellationToken ct, string? baselineRunId = null)
    {
        if (runId is not null && await store.GetRunAsync(runId, ct).ConfigureAwait(false) is { } existing)
        {
            if (existing.Status == RunStatus.Queued)
            {
                await store.SendAsync(store.QueueNames.RunRequests, new RunRequestMessage(runId), null, ct).ConfigureAwait(false);
            }

            return new StartRunResult(runId, []);
        }

        var parsed = PlanParser.Parse(planText, settings.PlanChecks);
        if (!parsed.IsValid)
        {
            return new StartRunResult(null, parsed.Problems);
        }

        var plan = parsed.Plan!;
        var refused = TargetPolicy.Admit(plan, settings.PlanLimits);
        if (refused.Count > 0)
        {
            return new StartRunResult(null, refused);
        }

        var stored = PlanRedaction.ForStorage(plan);

        var now = time.GetUtcNow();
        var chosenId = runId is not null;
        runId ??= NewRunId(now);
        await store.PutPlanAsync(runId, PlanParser.ToYaml(stored.Plan), ct).ConfigureAwait(false);
        try
        {
            await store.CreateRunAsync(
                new RunRecord
                {
                    RunId = runId,
                    PlanName = plan.Name,
                    Status = RunStatus.Queued,
                    CreatedAt = now,
                    Trigger = trigger,
                    SliceCount = plan.Slices,
                    PlannedSeconds = plan.TotalDuration.TotalSeconds,
                    BaselineRunId = string.IsNullOrWhiteSpace(baselineRunId) ? null : baselineRunId.Trim(),
                },
                ct).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 409 && chosenId)
        {
            // Another starter of the same id got there first; its run is this run.
        }

        await store.SendAsync(store.QueueNames.RunRequests, new RunRequestMessage(runId), null, ct).ConfigureAwait(false);
        Telemetry.PipelineTelemetry.RunsStarted.Add(1, new KeyValuePair<string, object?>("trigger", trigger));
        return new StartRunResult(runId, [], stored.Masked);
    }

    /// <summary>Readable, sortable by creation time, unique: 20261123-174501-3fa9c2.</summary>
    internal static string NewRunId(DateTimeOffset now) =>
        $"{now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
}
