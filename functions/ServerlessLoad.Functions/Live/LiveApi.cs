using System.Globalization;
using Microsoft.Azure.Functions.Worker;
using ServerlessLoad.Functions.Api;
using ServerlessLoad.Functions.Api.Edge;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Functions.Live;

/// <summary>GET /api/runs/{id}/live?from=N: what the dashboard polls (see <see cref="LiveView"/>).</summary>
public sealed class LiveApi(PipelineStore store, LiveRuns live, TimeProvider time)
{
    [Function("GetRunLive")]
    public async Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/runs/{runId}/live")] HttpRequest request, string runId, CancellationToken ct)
    {
        if (RunsApi.BadRunId(runId) is { } bad)
        {
            return bad;
        }

        var from = long.TryParse(request.Query["from"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? Math.Max(value, 0) : 0;
        var run = await store.GetRunAsync(runId, ct).ConfigureAwait(false);
        if (run is null)
        {
            return ApiProblems.NotFound($"Run {runId} not found");
        }

        var view = await live.ReadAsync(run, state => LiveView.From(state, from, time.GetUtcNow()), ct).ConfigureAwait(false);
        return Results.Ok(view);
    }
}
