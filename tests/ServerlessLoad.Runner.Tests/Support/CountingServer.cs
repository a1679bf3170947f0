using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace ServerlessLoad.Runner.Tests.Support;

/// <summary>
/// A Kestrel server on 127.0.0.1 that counts what it served: requests, their protocols and the connections they came
/// on, over TLS (a fresh self-signed certificate) or in clear text. <c>/status/N</c> answers N, <c>/slow/MS</c> after
/// MS milliseconds, <c>/echo</c> the length of the request body; anything else "ok".
/// </summary>
internal sealed class CountingServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private int served;

    private CountingServer(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Requests the server answered (counted as it starts the response).</summary>
    public int Served => Volatile.Read(ref served);

    /// <summary>The protocol of every request, in order of arrival.</summary>
    public ConcurrentQueue<string> Protocols { get; } = new();

    /// <summary>The connections requests came on.</summary>
    public ConcurrentDictionary<string, int> Connections { get; } = new();

    /// <summary>The body length of every /echo request.</summary>
    public ConcurrentQueue<long> EchoedBodies { get; } = new();

    public static async Task<CountingServer> StartAsync(bool tls, HttpProtocols protocols, Action<KestrelServerLimits>? limits = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrel(kestrel =>
        {
            limits?.Invoke(kestrel.Limits);
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = protocols;
                if (tls)
                {
                    listen.UseHttps(ProtocolServer.SelfSigned());
                }
            });
        });
        var app = builder.Build();
        CountingServer? server = null;
        app.Run(async context =>
        {
            server!.Protocols.Enqueue(context.Request.Protocol);
            server.Connections.AddOrUpdate(context.Connection.Id, 1, (_, n) => n + 1);
            var path = context.Request.Path.Value ?? "/";
            if (path.StartsWith("/status/", StringComparison.Ordinal))
            {
                context.Response.StatusCode = int.Parse(path["/status/".Length..], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (path.StartsWith("/slow/", StringComparison.Ordinal))
            {
                await Task.Delay(int.Parse(path["/slow/".Length..], System.Globalization.CultureInfo.InvariantCulture), context.RequestAborted);
            }
            else if (path == "/echo")
            {
                long length = 0;
                var buffer = new byte[16 * 1024];
                int read;
                while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
                {
                    length += read;
                }

                server.EchoedBodies.Enqueue(length);
            }

            Interlocked.Increment(ref server.served);
            await context.Response.WriteAsync("ok", context.RequestAborted);
        });
        await app.StartAsync();
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        server = new CountingServer(app, new Uri($"{(tls ? "https" : "http")}://localhost:{bound.Port}/"));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
