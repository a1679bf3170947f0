using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.Azure.Functions.Worker;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Functions.BuildReport;
using ServerlessLoad.Functions.StartRun;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Functions.Api;

/// <summary>HTTP surface under /api/runs: start a run, follow it, list runs, fetch its artifacts, rebuild its report.</summary>
public sealed class RunsApi(StartRunFunction start, BuildReportFunction reports, PipelineStore store)
{
    private const long MaxPlanBytes = 1024 * 1024;

    [Function("StartRun")]
    public async Task<IResult> StartAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/runs")] HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxPlanBytes)
        {
            return InvalidPlan([new PlanProblem("(body)", null, $"the plan is larger than {MaxPlanBytes} bytes")]);
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
        var trigger = request.Headers.TryGetValue("X-Sload-Trigger", out var t) && !string.IsNullOrWhiteSpace(t) ? t.ToString() : "api";
        var baseline = request.Headers.TryGetValue("X-Sload-Baseline", out var b) ? b.ToString() : null;
        var result = await start.StartAsync(text, trigger, ct, baseline).ConfigureAwait(false);
        return result.Accepted
            ? Results.Accepted($"/api/runs/{result.RunId}", new { runId = result.RunId, status = RunStatus.Queued })
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
        var run = await store.GetRunAsync(runId, ct).ConfigureAwait(false);
        return run is null ? NotFound(runId) : Results.Ok(RunView.From(run, await store.GetSlicesAsync(runId, ct).ConfigureAwait(false)));
    }

    [Function("ListArtifacts")]
    public async Task<IResult> ListArtifactsAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/runs/{runId}/artifacts")] HttpRequest request, string runId, CancellationToken ct)
    {
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
        if (name.Contains("..", StringComparison.Ordinal))
        {
            return Results.Problem(title: "Invalid artifact name", statusCode: StatusCodes.Status400BadRequest);
        }

        var blob = await store.GetArtifactAsync(runId, name, ct).ConfigureAwait(false);
        return blob is null
            ? Results.Problem(title: $"No artifact '{name}' for run {runId}", statusCode: StatusCodes.Status404NotFound)
            : Results.File(blob.Data, blob.ContentType ?? ContentTypes.For(name), Path.GetFileName(name));
    }

    [Function("RebuildReport")]
    public async Task<IResult> RebuildAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/runs/{runId}/report/rebuild")] HttpRequest request, string runId, CancellationToken ct)
    {
        try
        {
            var run = await reports.RebuildAsync(runId, ct).ConfigureAwait(false);
            return run is null ? NotFound(runId) : Results.Ok(RunView.From(run, await store.GetSlicesAsync(runId, ct).ConfigureAwait(false)));
        }
        catch (InvalidOperationException e)
        {
            return Results.Problem(title: "The report cannot be rebuilt", detail: e.Message, statusCode: StatusCodes.Status409Conflict);
        }
    }

    private static int? Query(HttpRequest request, string name) =>
        int.TryParse(request.Query[name], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static IResult InvalidPlan(IReadOnlyList<PlanProblem> problems) =>
        Results.Problem(
            title: "The plan is invalid",
            detail: $"{problems.Count} problem(s): " + string.Join("; ", problems.Select(p => p.ToString())),
            statusCode: StatusCodes.Status400BadRequest,
            type: "https://serverlessload.dev/problems/invalid-plan",
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = problems.Select(p => new { field = p.Field, line = p.Line, message = p.Message }).ToList(),
            });

    private static IResult NotFound(string runId) =>
        Results.Problem(title: $"Run {runId} not found", statusCode: StatusCodes.Status404NotFound);
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
