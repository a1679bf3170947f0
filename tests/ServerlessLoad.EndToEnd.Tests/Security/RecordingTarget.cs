using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ServerlessLoad.EndToEnd.Tests.Security;

/// <summary>A target on 127.0.0.1 that keeps every request it received as text (request line, headers, body) and answers 200, or the status /status/{code} asks for.</summary>
internal sealed class RecordingTarget : IAsyncDisposable
{
    private readonly WebApplication app;

    private RecordingTarget(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public ConcurrentQueue<string> Received { get; } = new();

    public static async Task<RecordingTarget> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        RecordingTarget? target = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = string.Join("\n", context.Request.Headers.Select(h => $"{h.Key}: {h.Value}"));
            target!.Received.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}\n{headers}\n\n{body}");
            var path = context.Request.Path.Value ?? "/";
            context.Response.StatusCode = path.StartsWith("/status/", StringComparison.Ordinal) && int.TryParse(path[8..], out var status) ? status : 200;
            await context.Response.WriteAsync(body);
        });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        target = new RecordingTarget(app, new Uri($"http://127.0.0.1:{address.Port}/"));
        return target;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
