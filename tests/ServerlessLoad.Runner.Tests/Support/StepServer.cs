using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ServerlessLoad.Runner.Tests.Support;

/// <summary>
/// A Kestrel server on 127.0.0.1 for step scenarios: every request is remembered (path, query, headers, body, arrival
/// time) and answered by the test's handler.
/// </summary>
internal sealed class StepServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private StepServer(WebApplication app, Uri baseAddress, ConcurrentQueue<SeenRequest> seen)
    {
        this.app = app;
        BaseAddress = baseAddress;
        Seen = seen;
    }

    public Uri BaseAddress { get; }

    public ConcurrentQueue<SeenRequest> Seen { get; }

    public IEnumerable<SeenRequest> To(string path) => Seen.Where(r => r.Path == path);

    public static async Task<StepServer> StartAsync(Func<HttpContext, SeenRequest, Task> handle)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var seen = new ConcurrentQueue<SeenRequest>();
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var request = new SeenRequest(
                context.Request.Method,
                context.Request.Path.Value ?? "/",
                context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                await reader.ReadToEndAsync(),
                DateTimeOffset.UtcNow) { Connection = context.Connection.Id };
            seen.Enqueue(request);
            await handle(context, request);
        });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        return new StepServer(app, new Uri($"http://127.0.0.1:{address.Port}/"), seen);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

internal sealed record SeenRequest(
    string Method, string Path, Dictionary<string, string> Query, Dictionary<string, string> Headers, string Body, DateTimeOffset At)
{
    /// <summary>The server's id of the connection the request came on.</summary>
    public string Connection { get; init; } = "";

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
