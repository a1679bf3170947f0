using Microsoft.Azure.Functions.Worker;

namespace ServerlessLoad.Functions.Api;

/// <summary>GET /healthz: liveness, open to anyone, saying nothing else.</summary>
public sealed class HealthApi
{
    [Function("Health")]
    public IResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "healthz")] HttpRequest request) =>
        Results.Ok(new { status = "ok" });
}
