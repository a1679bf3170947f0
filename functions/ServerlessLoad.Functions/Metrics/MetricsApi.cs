using Microsoft.Azure.Functions.Worker;

namespace ServerlessLoad.Functions.Metrics;

/// <summary>
/// GET /metrics: the pipeline for Prometheus (<see cref="PipelineSnapshot"/>). It names runs, plans and runners, so
/// it takes the function key like the API: Prometheus sends it as a header (<c>http_headers: x-functions-key</c> in
/// its scrape config) or as the <c>code</c> parameter (<c>params</c>).
/// </summary>
public sealed class MetricsApi(MetricsCollector collector)
{
    [Function("Metrics")]
    public async Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "metrics")] HttpRequest request, CancellationToken ct)
    {
        var snapshot = await collector.CollectAsync(ct).ConfigureAwait(false);
        return Results.Text(snapshot.ToPrometheusText(), PrometheusText.ContentType);
    }
}
