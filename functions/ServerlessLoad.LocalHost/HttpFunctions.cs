using ServerlessLoad.Functions.Hosting;

namespace ServerlessLoad.LocalHost;

/// <summary>HTTP-triggered functions as ASP.NET Core endpoints: their routes (after host.json's prefix), methods and keys.</summary>
public static class HttpFunctions
{
    public static WebApplication MapHttpFunctions(this WebApplication app, IEnumerable<FunctionDefinition> functions)
    {
        var host = app.Services.GetRequiredService<HostSettings>();
        var keys = app.Services.GetRequiredService<FunctionKeys>();
        var invoker = app.Services.GetRequiredService<FunctionInvoker>();
        foreach (var function in functions)
        {
            if (function.Trigger is not HttpBinding http || SettingExpressions.IsDisabled(function.Name, app.Configuration))
            {
                continue;
            }

            if (!typeof(IResult).IsAssignableFrom(ResultType(function)))
            {
                throw new InvalidOperationException($"HTTP function {function.Name} must return an IResult (or a Task of one) for the local host to serve it.");
            }

            var pattern = "/" + string.Join('/', new[] { host.RoutePrefix, http.Route }.Select(s => s.Trim('/')).Where(s => s.Length > 0));
            app.MapMethods(pattern, http.Methods, context => InvokeAsync(context, function, http, keys, invoker)).WithName(function.Name);
        }

        return app;
    }

    private static async Task InvokeAsync(HttpContext context, FunctionDefinition function, HttpBinding http, FunctionKeys keys, FunctionInvoker invoker)
    {
        if (!keys.Allows(http.Level, context.Request))
        {
            // As the Functions host answers: the status alone, nothing about which key or why.
            if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var result = await invoker.InvokeAsync(
            function,
            context.Request,
            name => context.Request.RouteValues.TryGetValue(name, out var value) ? value?.ToString() : null,
            context.RequestAborted).ConfigureAwait(false);
        await ((IResult)result!).ExecuteAsync(context).ConfigureAwait(false);
    }

    private static Type ResultType(FunctionDefinition function)
    {
        var type = function.Method.ReturnType;
        return type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>))
            ? type.GetGenericArguments()[0]
            : type;
    }
}
