using System.Text;
using Microsoft.Azure.Functions.Worker;
using ServerlessLoad.Core.Histograms;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Functions.Hosting;
using ServerlessLoad.Reports;
using ServerlessLoad.Reports.Publishing;
using ServerlessLoad.Storage.Pipeline;
using ServerlessLoad.Telemetry;

namespace ServerlessLoad.Functions.BuildReport;

/// <summary>
/// reports: a durable report in four checkpointed stages, each recorded on the run row before the next begins:
/// merged (rows merged into the report model), judged (thresholds, baseline comparison, verdict), rendered (every
/// artifact staged), published (artifacts created under reports/{runId}/ and the verdict set as the run's final status).
/// A crash or a repeated message resumes after the last recorded stage; publishing only creates files that do not exist,
/// so nothing is published twice.
/// </summary>
public sealed partial class BuildReportFunction(
    PipelineStore store,
    BaselineFinder baselines,
    ChartImages images,
    DeliveryFailures failures,
    PipelineSettings settings,
    TimeProvider time,
    ILogger<BuildReportFunction> logger)
{
    public const string Merged = "merged";
    public const string Judged = "judged";
    public const string Rendered = "rendered";
    public const string Published = "published";

    private const string ModelBlob = "model.json";
    private const string LatencyBlob = "latency.hist";
    private const string BaselineBlob = "baseline.json";
    private const string StagedPrefix = PipelineStore.StagedArtifactsFolder;

    /// <summary>Called after each stage is recorded; tests use it to crash between stages.</summary>
    internal Func<string, Task>? AfterStage { get; set; }

    [Function("BuildReport")]
    public async Task RunAsync([QueueTrigger(Bindings.ReportsQueue, Connection = Bindings.Connection)] ReportMessage message, CancellationToken ct)
    {
        using var span = PipelineTelemetry.StartConsumer("BuildReport", message.TraceParent, message.RunId);
        try
        {
            await BuildAsync(message, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            PipelineTelemetry.Fail(span, e);
            await failures.RecordAsync(message.RunId, "BuildReport", e).ConfigureAwait(false);
            throw;
        }
    }

    private async Task BuildAsync(ReportMessage message, CancellationToken ct)
    {
        var run = await store.GetRunAsync(message.RunId, ct).ConfigureAwait(false);
        if (run is null || run.ReportStage == Published || (RunStatus.IsFinal(run.Status) && run.ReportStage is null))
        {
            return;
        }

        var planText = await store.GetPlanAsync(run.RunId, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The plan of run {run.RunId} is missing.");
        var plan = PlanParser.Parse(planText).Plan
            ?? throw new InvalidOperationException($"The stored plan of run {run.RunId} is invalid.");

        var stageStarted = time.GetTimestamp();
        if (run.ReportStage is null)
        {
            using var stageSpan = PipelineTelemetry.StartInternal("report merged");
            var (report, latency) = await MergeAsync(run, plan, ct).ConfigureAwait(false);
            await PutStageAsync(run.RunId, ModelBlob, ReportJson.Render(report), ct).ConfigureAwait(false);
            await PutStageAsync(run.RunId, LatencyBlob, latency.Encode(), ct).ConfigureAwait(false);
            run = await AdvanceAsync(run.RunId, null, Merged, ct).ConfigureAwait(false);
            stageStarted = LogStageTime(run.RunId, Merged, stageStarted);
        }

        if (run.ReportStage == Merged)
        {
            using var stageSpan = PipelineTelemetry.StartInternal("report judged");
            var model = ReportJson.Parse(await GetStageAsync(run.RunId, ModelBlob, ct).ConfigureAwait(false));
            var (judged, baseline) = await JudgeAsync(run, plan, model, ct).ConfigureAwait(false);
            await PutStageAsync(run.RunId, ModelBlob, ReportJson.Render(judged), ct).ConfigureAwait(false);
            if (baseline is not null)
            {
                await PutStageAsync(run.RunId, BaselineBlob, ReportJson.Render(baseline), ct).ConfigureAwait(false);
            }

            run = await AdvanceAsync(run.RunId, Merged, Judged, ct).ConfigureAwait(false);
            stageStarted = LogStageTime(run.RunId, Judged, stageStarted);
        }

        if (run.ReportStage == Judged)
        {
            using var stageSpan = PipelineTelemetry.StartInternal("report rendered");
            var runId = run.RunId;
            await ArtifactWriter.WriteAsync(
                await StagedInputsAsync(runId, plan, ct).ConfigureAwait(false),
                images,
                (artifact, token) => store.ReportStages.WriteAsync($"{runId}/{StagedPrefix}{artifact.Name}", artifact.Data, artifact.ContentType, token),
                ct).ConfigureAwait(false);

            run = await AdvanceAsync(run.RunId, Judged, Rendered, ct).ConfigureAwait(false);
            stageStarted = LogStageTime(run.RunId, Rendered, stageStarted);
        }

        if (run.ReportStage == Rendered)
        {
            using var stageSpan = PipelineTelemetry.StartInternal("report published");
            await PublishAsync(run.RunId, ct).ConfigureAwait(false);
            LogStageTime(run.RunId, Published, stageStarted);
        }
    }

    /// <summary>Logs how long a stage took (the figures the report-scale benchmark prints); returns the next stage's start.</summary>
    private long LogStageTime(string runId, string stage, long started)
    {
        var now = time.GetTimestamp();
        PipelineTelemetry.StageDuration.Record(time.GetElapsedTime(started, now).TotalSeconds, new KeyValuePair<string, object?>("stage", "report " + stage));
        logger.LogInformation("Run {RunId}: stage {Stage} took {Milliseconds} ms.", runId, stage, (long)time.GetElapsedTime(started, now).TotalMilliseconds);
        return now;
    }

    /// <summary>
    /// Re-renders a finished run's report from its stored rows, without re-running load, replacing its artifacts.
    /// </summary>
    public async Task<RunRecord?> RebuildAsync(string runId, CancellationToken ct)
    {
        var run = await store.GetRunAsync(runId, ct).ConfigureAwait(false);
        if (run is null)
        {
            return null;
        }

        if (!RunStatus.IsFinal(run.Status))
        {
            throw new InvalidOperationException($"Run {runId} is {run.Status}; only a finished run can be rebuilt.");
        }

        var planText = await store.GetPlanAsync(runId, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The plan of run {runId} is missing.");
        var plan = PlanParser.Parse(planText).Plan
            ?? throw new InvalidOperationException($"The stored plan of run {runId} is invalid.");
        var (merged, latency) = await MergeAsync(run, plan, ct).ConfigureAwait(false);
        var (report, baseline) = await JudgeAsync(run, plan, merged, ct).ConfigureAwait(false);
        var inputs = Inputs(report, latency, baseline, plan);
        await ArtifactWriter.WriteAsync(
            inputs,
            images,
            (artifact, token) => store.PutArtifactAsync(runId, artifact.Name, artifact.Data, artifact.ContentType, token),
            ct).ConfigureAwait(false);

        var (updated, _) = await store.UpdateRunAsync(
            runId,
            r =>
            {
                r.Status = report.Verdict;
                r.Requests = report.Totals.Requests;
                r.Failures = report.Totals.Failures;
                r.ReportStage = Published;
                r.ReportedAt = time.GetUtcNow();
                return true;
            },
            ct).ConfigureAwait(false);
        return updated;
    }

    private async Task<(RunReport Report, RunReport? Baseline)> JudgeAsync(RunRecord run, Plan plan, RunReport model, CancellationToken ct)
    {
        var (baseline, note) = await baselines.FindAsync(run, plan, ct).ConfigureAwait(false);
        var judged = model;
        if (baseline is not null)
        {
            var comparison = BaselineComparer.Compare(model, baseline, Options(plan));
            judged = judged with
            {
                Baseline = BaselineJson.From(comparison),
                Verdict = comparison.FailsGate && model.Verdict == RunStatus.Passed ? RunStatus.Failed : model.Verdict,
            };
        }

        if (note is not null)
        {
            judged = judged with { Errors = [.. judged.Errors, note] };
        }

        return (judged, baseline);
    }

    private async Task<ReportInputs> StagedInputsAsync(string runId, Plan plan, CancellationToken ct)
    {
        var report = ReportJson.Parse(await GetStageAsync(runId, ModelBlob, ct).ConfigureAwait(false));
        var latency = LatencyHistogram.Decode(await GetStageAsync(runId, LatencyBlob, ct).ConfigureAwait(false));
        var baselineBlob = await store.ReportStages.ReadAsync($"{runId}/{BaselineBlob}", ct).ConfigureAwait(false);
        var baseline = baselineBlob is null ? null : ReportJson.Parse(Encoding.UTF8.GetString(baselineBlob.Data));
        return Inputs(report, latency, baseline, plan);
    }

    private static ReportInputs Inputs(RunReport report, LatencyHistogram latency, RunReport? baseline, Plan plan) => new(
        report,
        latency,
        baseline,
        baseline is null ? null : BaselineComparer.Compare(report with { Baseline = null }, baseline, Options(plan)),
        PlanParser.ToYaml(PlanRedaction.Redact(plan)));

    private async Task PublishAsync(string runId, CancellationToken ct)
    {
        var report = ReportJson.Parse(await GetStageAsync(runId, ModelBlob, ct).ConfigureAwait(false));
        var staged = new List<string>();
        await foreach (var item in store.ReportStages.ListAsync($"{runId}/{StagedPrefix}", ct).ConfigureAwait(false))
        {
            staged.Add(item.Name);
        }

        await ArtifactWriter.ForEachAsync(
            staged,
            async (blobName, token) =>
            {
                var blob = await store.ReportStages.ReadAsync(blobName, token).ConfigureAwait(false);
                if (blob is not null)
                {
                    var name = blobName[(runId.Length + 1 + StagedPrefix.Length)..];
                    await store.PublishArtifactAsync(runId, name, blob.Data, blob.ContentType ?? "application/octet-stream", token).ConfigureAwait(false);
                }
            },
            ct).ConfigureAwait(false);

        var (final, changed) = await store.UpdateRunAsync(
            runId,
            r =>
            {
                if (r.ReportStage != Rendered)
                {
                    return false;
                }

                r.Status = report.Verdict;
                r.Requests = report.Totals.Requests;
                r.Failures = report.Totals.Failures;
                r.EndedAt ??= time.GetUtcNow();
                r.ReportStage = Published;
                r.ReportedAt = time.GetUtcNow();
                return true;
            },
            ct).ConfigureAwait(false);
        if (changed)
        {
            logger.LogInformation("Run {RunId}: report published, verdict {Verdict}.", runId, final?.Status);
            await InvokeAfterStageAsync(Published).ConfigureAwait(false);
        }
    }

    /// <summary>Records a stage when the run is still at <paramref name="from"/>; returns the row as it now stands.</summary>
    private async Task<RunRecord> AdvanceAsync(string runId, string? from, string to, CancellationToken ct)
    {
        var (run, changed) = await store.UpdateRunAsync(
            runId,
            r =>
            {
                if (r.ReportStage != from)
                {
                    return false;
                }

                r.ReportStage = to;
                return true;
            },
            ct).ConfigureAwait(false);
        if (changed)
        {
            logger.LogInformation("Run {RunId}: report stage {Stage} recorded.", runId, to);
            await InvokeAfterStageAsync(to).ConfigureAwait(false);
        }

        return run ?? throw new InvalidOperationException($"Run {runId} disappeared while its report was built.");
    }

    private Task InvokeAfterStageAsync(string stage) => AfterStage?.Invoke(stage) ?? Task.CompletedTask;

    private Task PutStageAsync(string runId, string name, string text, CancellationToken ct) =>
        store.ReportStages.WriteAsync($"{runId}/{name}", Encoding.UTF8.GetBytes(text), "application/octet-stream", ct);

    private async Task<string> GetStageAsync(string runId, string name, CancellationToken ct)
    {
        var blob = await store.ReportStages.ReadAsync($"{runId}/{name}", ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Report stage data {name} of run {runId} is missing.");
        return Encoding.UTF8.GetString(blob.Data);
    }

    private static BaselineOptions Options(Plan plan) => new()
    {
        Tolerance = plan.Baseline?.Tolerance ?? BaselineOptions.Default.Tolerance,
        Gate = plan.Baseline?.Gate ?? false,
    };

    /// <summary>
    /// A run with a cancel request is reported as cancelled (failed when an abortOnFail threshold asked for it); its
    /// slices that never ended count as cancelled too.
    /// </summary>
    internal RunFacts RunFactsFrom(RunRecord run, Plan plan, IReadOnlyList<SliceRecord> slices)
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
                    s.Error,
                    LateStart: run.StartAt is { } startAt && (s.StartedAt is null || s.StartedAt > startAt)))
                .ToList(),
            Errors = run.Error is null ? [] : [run.Error],
            AbortedBy = run.AbortedBy is { } threshold ? new RunAbort(threshold, run.AbortedAtSecond ?? 0, run.AbortReason ?? threshold) : null,
            DefaultMaxMissingLoad = settings.MaxMissingLoadFraction,
        };
    }
}
