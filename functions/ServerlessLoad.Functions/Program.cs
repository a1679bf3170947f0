using Microsoft.Azure.Functions.Worker.Builder;
using ServerlessLoad.Functions.Hosting;

namespace ServerlessLoad.Functions;

/// <summary>
/// The Functions host's worker: it runs where the host (func start, Azure Functions) starts it. Everywhere else the
/// local host (functions/ServerlessLoad.LocalHost) drives the same [Function] methods with the same services.
/// </summary>
internal static class Program
{
    private static void Main(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<ApiEdgeMiddleware>();
        builder.Services.AddServerlessLoad(builder.Configuration);
        builder.Build().Run();
    }
}
