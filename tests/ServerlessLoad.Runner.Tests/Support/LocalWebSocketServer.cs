using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ServerlessLoad.Runner.Tests.Support;

/// <summary>
/// A Kestrel server on localhost that upgrades every request to a WebSocket and hands it to a conversation, in clear
/// text or over TLS with a fresh self-signed certificate.
/// </summary>
internal sealed class LocalWebSocketServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private LocalWebSocketServer(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>http(s)://localhost:PORT/ ; any path upgrades.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Sends every message back until the client closes.</summary>
    public static async Task Echo(WebSocket socket, CancellationToken aborted)
    {
        var buffer = new byte[4096];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, aborted);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, aborted);
                return;
            }

            await socket.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, aborted);
        }
    }

    public static async Task<LocalWebSocketServer> StartAsync(Func<WebSocket, CancellationToken, Task> conversation, bool tls = false)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (tls)
            {
                listen.UseHttps(ProtocolServer.SelfSigned());
            }
        }));
        var app = builder.Build();
        app.UseWebSockets();
        app.Run(async context =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            try
            {
                await conversation(socket, context.RequestAborted);
            }
            catch (Exception) when (socket.State != WebSocketState.Open || context.RequestAborted.IsCancellationRequested)
            {
                // The client went away.
            }
        });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        return new LocalWebSocketServer(app, new Uri($"{(tls ? "https" : "http")}://localhost:{address.Port}/"));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
