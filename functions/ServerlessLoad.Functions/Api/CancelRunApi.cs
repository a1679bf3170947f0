using Microsoft.Azure.Functions.Worker;
using ServerlessLoad.Functions.CancelRun;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Functions.Api;

/// <summary>POST /api/runs/{id}/cancel: 202 when the cancel is recorded, 404 for an unknown run, 409 when it already finished.</summary>
public sealed class CancelRunApi(CancelRunFunction cancel, PipelineStore store)
{
    [Function("CancelRun")]
    public async Task<IResult> CancelAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/runs/{runId}/cancel")] HttpRequest request, string runId, CancellationToken ct)
    {
        if (RunsApi.BadRunId(runId) is { } bad)
        {
            return bad;
        }

        var result = await cancel.CancelAsync(runId, ct).ConfigureAwait(false);
        return result.Outcome switch
        {
            CancelOutcome.NotFound => Results.Problem(title: $"Run {runId} not found", statusCode: StatusCodes.Status404NotFound),
            CancelOutcome.AlreadyFinished => Results.Problem(
                title: $"Run {runId} has already finished ({result.Run!.Status})",
                statusCode: StatusCodes.Status409Conflict,
                // Not "status": a problem's status is its HTTP status code.
                extensions: new Dictionary<string, object?> { ["runStatus"] = result.Run.Status }),
            _ => Results.Accepted($"/api/runs/{runId}", RunView.From(result.Run!, await store.GetSlicesAsync(runId, ct).ConfigureAwait(false))),
        };
    }
}
