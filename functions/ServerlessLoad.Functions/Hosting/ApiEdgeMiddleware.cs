using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using ServerlessLoad.Functions.Api.Edge;

namespace ServerlessLoad.Functions.Hosting;

/// <summary>
/// The API edge in the Functions worker: every HTTP-triggered invocation runs inside <see cref="ApiEdge"/> (host
/// check, security headers, generic errors), as the local host runs its routes. Keys are the Functions host's own:
/// it refuses an AuthorizationLevel.Function call without one before the worker sees it.
/// </summary>
internal sealed class ApiEdgeMiddleware(ApiEdge edge) : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next) =>
        context.GetHttpContext() is { } http
            ? edge.RunAsync(http, context.FunctionDefinition.Name, () => next(context))
            : next(context);
}
