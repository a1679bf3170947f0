using ServerlessLoad.Functions.Api.Edge;

namespace ServerlessLoad.LocalHost;

/// <summary>The API edge around every request of the local host, as the worker's middleware puts it around functions.</summary>
public static class LocalApiEdge
{
    /// <summary>Bodies are read under each function's own limit; this is the server's outer bound.</summary>
    public const long MaxRequestBodyBytes = 2 * 1024 * 1024;

    public const string CorsPolicy = "configured-origins";

    public static WebApplicationBuilder AddLocalApiEdge(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        });
        var origins = ApiEdgeSettings.Read(builder.Configuration).Origins;
        if (origins.Count > 0)
        {
            builder.Services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy => policy
                .WithOrigins([.. origins])
                .WithMethods("GET", "POST", "PUT", "DELETE")
                .WithHeaders("content-type", FunctionKeys.Header, "x-sload-baseline", "x-sload-trigger")
                .WithExposedHeaders("location")));
        }

        return builder;
    }

    public static WebApplication UseLocalApiEdge(this WebApplication app)
    {
        var edge = app.Services.GetRequiredService<ApiEdge>();
        app.Use((context, next) => edge.RunAsync(context, "HTTP", () => next(context)));
        if (edge.Settings.Origins.Count > 0)
        {
            app.UseCors(CorsPolicy);
        }

        if (!app.Services.GetRequiredService<FunctionKeys>().IsConfigured)
        {
            app.Logger.LogWarning("No API key is set ({Setting}): every function but the anonymous ones answers 401.", FunctionKeys.Setting);
        }

        return app;
    }
}
