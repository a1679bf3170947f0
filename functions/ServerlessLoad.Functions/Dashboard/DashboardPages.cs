using Microsoft.Azure.Functions.Worker;
using ServerlessLoad.Functions.Api.Edge;

namespace ServerlessLoad.Functions.Dashboard;

/// <summary>
/// GET /dashboard and its script and stylesheet. These files hold no data and no key, so they are served to anyone,
/// like /healthz; everything the page shows it fetches from the API with the function key in the x-functions-key
/// header (the page takes the key once from <c>?code=</c>, keeps it in the tab's sessionStorage and drops it from the
/// address, or asks for it). Pages route by fragment (<c>#/runs/ID</c>), so no route of the page reaches a server log.
/// </summary>
public sealed class DashboardPages
{
    [Function("Dashboard")]
    public IResult Page([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard")] HttpRequest request) =>
        Serve(request, DashboardAssets.Page);

    [Function("DashboardAsset")]
    public IResult Asset([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard/assets/{name}")] HttpRequest request, string name) =>
        name == DashboardAssets.Page ? ApiProblems.NotFound("No such file") : Serve(request, name);

    private static IResult Serve(HttpRequest request, string name)
    {
        if (DashboardAssets.Find(name) is not { } asset)
        {
            return ApiProblems.NotFound("No such file");
        }

        var headers = request.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = DashboardAssets.ContentSecurityPolicy;
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        var match = request.Headers.IfNoneMatch.ToString();
        return match.Length > 0 && match.Split(',').Any(tag => tag.Trim() == asset.ETag)
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(asset.Data, asset.ContentType);
    }
}
