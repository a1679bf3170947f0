using System.Globalization;
using System.Security.Cryptography;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Functions.StartRun;

public sealed record StartRunResult(string? RunId, IReadOnlyList<PlanProblem> Problems)
{
    public bool Accepted => RunId is not null;
}

/// <summary>
/// Accepts a plan: validates it (every problem at once, allowed targets included), stores it, records the run as
/// queued and asks PlanRun to split it. Nothing reaches a runner unless this accepted it.
/// </summary>
public sealed class StartRunFunction(PipelineStore store, PipelineSettings settings, TimeProvider time)
{
    public async Task<StartRunResult> StartAsync(string planText, string trigger, CancellationToken ct, string? baselineRunId = null)
    {
        var parsed = PlanParser.Parse(planText);
        if (!parsed.IsValid)
        {
            return new StartRunResult(null, parsed.Problems);
        }

        var plan = parsed.Plan!;
        var refused = TargetPolicy.Check(plan, settings.AllowedTargetHosts);
        if (refused.Count > 0)
        {
            return new StartRunResult(null, refused);
        }

        var now = time.GetUtcNow();
        var runId = NewRunId(now);
        await store.PutPlanAsync(runId, planText, ct).ConfigureAwait(false);
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
        await store.SendAsync(store.QueueNames.RunRequests, new RunRequestMessage(runId), null, ct).ConfigureAwait(false);
        return new StartRunResult(runId, []);
    }

    /// <summary>Readable, sortable by creation time, unique: 20261123-174501-3fa9c2.</summary>
    internal static string NewRunId(DateTimeOffset now) =>
        $"{now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
}
