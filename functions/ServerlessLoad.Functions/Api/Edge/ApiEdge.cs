using Microsoft.AspNetCore.Http.Features;
using ServerlessLoad.Core.Security;

namespace ServerlessLoad.Functions.Api.Edge;

/// <summary>
/// What holds for every API request on either host, around the function: a Host header naming this API (a DNS-rebinding
/// page cannot use the user's browser as a client), security headers on every response (nosniff, a restrictive CSP, no
/// framing, no referrer), and any unexpected exception answered as a generic problem with one clean log line, never a
/// stack trace or the input that caused it. The worker runs it as an IFunctionsWorkerMiddleware, the local host as an
/// ASP.NET Core middleware.
/// </summary>
public sealed class ApiEdge(ApiEdgeSettings settings, ILogger<ApiEdge> logger)
{
    /// <summary>
    /// Nothing may run or load, except the inline styles and images of the HTML report; the page may not be framed,
    /// submit forms or run scripts (sandbox) even when opened straight from the API.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox";

    public ApiEdgeSettings Settings => settings;

    public async Task RunAsync(HttpContext context, string function, Func<Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        AddHeaders(context.Response);
        if (!settings.AllowsHost(context.Request.Host.Value)
            || (context.Request.Headers["X-Forwarded-Host"].FirstOrDefault() is { Length: > 0 } forwarded && !settings.AllowsHost(forwarded)))
        {
            await Refuse(context, ApiProblems.BadRequest("Unknown host", "This API answers only its own host names.")).ConfigureAwait(false);
            return;
        }

        try
        {
            await next().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (BadHttpRequestException e)
        {
            // The server's own limits (a body larger than it accepts, a body cut short): the client's mistake, said plainly.
            logger.LogInformation("{Function}: bad request ({Status}): {Error}", function, e.StatusCode, InputText.Clean(e.Message, InputText.MaxEcho));
            await Refuse(context, Results.Problem(title: "Bad request", statusCode: e.StatusCode)).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogError(
                "{Function} failed on {Method} {Path}: {Type}: {Error}",
                function,
                InputText.Clean(context.Request.Method, 16),
                InputText.Clean(context.Request.Path.Value, InputText.MaxEcho),
                e.GetType().Name,
                InputText.Clean(e.Message, InputText.MaxEcho));
            await Refuse(context, ApiProblems.Unexpected()).ConfigureAwait(false);
        }
    }

    public static void AddHeaders(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
    }

    private static async Task Refuse(HttpContext context, IResult result)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        context.Response.Clear();
        AddHeaders(context.Response);
        if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }

        await result.ExecuteAsync(context).ConfigureAwait(false);
    }
}
