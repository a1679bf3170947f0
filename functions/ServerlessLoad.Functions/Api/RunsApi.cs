using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.Azure.Functions.Worker;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Core.Security;
using ServerlessLoad.Functions.Api.Edge;
using ServerlessLoad.Functions.BuildReport;
using ServerlessLoad.Functions.StartRun;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Functions.Api;

/// <summary>HTTP surface under /api/runs: start a run, follow it, list runs, fetch its artifacts, rebuild its report.</summary>
public sealed class RunsApi(StartRunFunction start, BuildReportFunction reports, PipelineStore store)
{
    [Function("StartRun")]
    public async Task<IResult> StartAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/runs")] HttpRequest request, CancellationToken ct)
    {
        var trigger = request.Headers.TryGetValue("X-Sload-Trigger", out var t) && !string.IsNullOrWhiteSpace(t) ? t.ToString().Trim() : "api";
        if (ResourceIds.TriggerProblem(trigger) is { } triggerProblem)
        {
            return ApiProblems.BadId("X-Sload-Trigger", triggerProblem);
        }

        var baseline = request.Headers.TryGetValue("X-Sload-Baseline", out var b) && !string.IsNullOrWhiteSpace(b) ? b.ToString().Trim() : null;
        if (baseline is not null && ResourceIds.RunIdProblem(baseline) is { } baselineProblem)
        {
            return ApiProblems.BadId("X-Sload-Baseline", baselineProblem);
        }

        var body = await ApiBodies.ReadAsync(request, BodyRule.Plan, ct).ConfigureAwait(false);
        if (body.Refusal is { } refusal)
        {
            return refusal;
        }

        var result = await start.StartAsync(body.Text!, trigger, ct, baseline).ConfigureAwait(false);
        return result.Accepted
            ? Results.Accepted($"/api/runs/{result.RunId}", new { runId = result.RunId, status = RunStatus.Queued, masked = result.Masked ?? [] })
            : InvalidPlan(result.Problems);
    }

    [Function("ListRuns")]
    public async Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/runs")] HttpRequest request, CancellationToken ct)
    {
        var take = Math.Clamp(Query(request, "top") ?? 20, 1, 500);
        var from = Math.Max(Query(request, "skip") ?? 0, 0);
        var all = await store.ListRunsAsync(ct).ConfigureAwait(false);
        var page = all.Skip(from).Take(take).Select(r => RunView.From(r, null)).ToList();
        var next = from + take < all.Count ? $"/api/runs?top={take}&skip={from + take}" : null;
        return Results.Ok(new { runs = page, total = all.Count, next });
    }

    [Function("GetRun")]
    public async Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/runs/{runId}")] HttpRequest request, string runId, CancellationToken ct)
    {
        if (BadRunId(runId) is { } bad)
        {
            return bad;
        }

        var run = await store.GetRunAsync(runId, ct).ConfigureAwait(false);
        return run is null ? NotFound(runId) : Results.Ok(RunView.From(run, await store.GetSlicesAsync(runId, ct).ConfigureAwait(false)));
    }

    [Function("ListArtifacts")]
    public async Task<IResult> ListArtifactsAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/runs/{runId}/artifacts")] HttpRequest request, string runId, CancellationToken ct)
    {
        if (BadRunId(runId) is { } bad)
        {
            return bad;
        }

        if (await store.GetRunAsync(runId, ct).ConfigureAwait(false) is null)
        {
            return NotFound(runId);
        }

        var items = await store.ListArtifactsAsync(runId, ct).ConfigureAwait(false);
        return Results.Ok(new
        {
            runId,
            artifacts = items.Select(i => new
            {
                name = i.Name,
                size = i.Size,
                contentType = i.ContentType,
                url = $"/api/runs/{runId}/artifacts/{i.Name}",
            }),
            zip = $"/api/runs/{runId}/artifacts.zip",
        });
    }

    [Function("DownloadArtifacts")]
    public async Task<IResult> ZipAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/runs/{runId}/artifacts.zip")] HttpRequest request, string runId, CancellationToken ct)
    {
        if (BadRunId(runId) is { } bad)
        {
            return bad;
        }

        var items = await store.ListArtifactsAsync(runId, ct).ConfigureAwait(false);
        if (items.Count == 0)
        {
            return Results.Problem(title: $"Run {runId} has no artifacts yet", statusCode: StatusCodes.Status404NotFound);
        }

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var item in items)
            {
                var blob = await store.GetArtifactAsync(runId, item.Name, ct).ConfigureAwait(false);
                if (blob is null)
                {
                    continue;
                }

                var entry = zip.CreateEntry($"{runId}/{item.Name}", CompressionLevel.Optimal);
                await using var stream = await entry.OpenAsync(ct).ConfigureAwait(false);
                await stream.WriteAsync(blob.Data, ct).ConfigureAwait(false);
            }
        }

        return Results.File(buffer.ToArray(), "application/zip", $"{runId}.zip");
    }

    [Function("GetArtifact")]
    public async Task<IResult> GetArtifactAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/runs/{runId}/artifacts/{*name}")] HttpRequest request,
        string runId,
        string name,
        CancellationToken ct)
    {
        if (BadRunId(runId) is { } bad)
        {
            return bad;
        }

        if (ResourceIds.ArtifactNameProblem(name) is { } nameProblem)
        {
            return ApiProblems.BadId("artifact name", nameProblem);
        }

        var blob = await store.GetArtifactAsync(runId, name, ct).ConfigureAwait(false);
        return blob is null
            ? ApiProblems.NotFound($"No artifact '{name}' for run {runId}")
            : Results.File(blob.Data, blob.ContentType ?? ContentTypes.For(name), Path.GetFileName(name));
    }

    [Function("RebuildReport")]
    public async Task<IResult> RebuildAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/runs/{runId}/report/rebuild")] HttpRequest request, string runId, CancellationToken ct)
    {
        if (BadRunId(runId) is { } bad)
        {
            return bad;
        }

        try
        {
            var run = await reports.RebuildAsync(runId, ct).ConfigureAwait(false);
            return run is null ? NotFound(runId) : Results.Ok(RunView.From(run, await store.GetSlicesAsync(runId, ct).ConfigureAwait(false)));
        }
        catch (InvalidOperationException e)
        {
            return Results.Problem(title: "The report cannot be rebuilt", detail: ApiProblems.Cut(e.Message, ApiProblems.MaxMessage), statusCode: StatusCodes.Status409Conflict);
        }
    }

    private static int? Query(HttpRequest request, string name) =>
        int.TryParse(request.Query[name], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    internal static IResult InvalidPlan(IReadOnlyList<PlanProblem> problems) =>
        ApiProblems.Invalid("The plan is invalid", "https://serverlessload.dev/problems/invalid-plan", problems);

    /// <summary>400 when <paramref name="runId"/> is not a run id: it never reaches a table key or blob path.</summary>
    internal static IResult? BadRunId(string runId) =>
        ResourceIds.RunIdProblem(runId) is { } problem ? ApiProblems.BadId("run id", problem) : null;

    private static IResult NotFound(string runId) => ApiProblems.NotFound($"Run {runId} not found");
}

internal static class ContentTypes
{
    public static string For(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".json" => "application/json",
        ".md" => "text/markdown; charset=utf-8",
        ".html" => "text/html; charset=utf-8",
        ".xml" => "application/xml",
        ".png" => "image/png",
        ".svg" => "image/svg+xml",
        ".yaml" or ".yml" => "application/yaml",
        _ => "application/octet-stream",
    };
}
