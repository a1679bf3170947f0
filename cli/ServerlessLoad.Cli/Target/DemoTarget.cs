using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ServerlessLoad.Cli.Target;

/// <summary>
/// A small HTTP server to aim load at, bound only to 127.0.0.1: <c>/fast</c>, <c>/work</c>, <c>/echo</c>,
/// <c>/status/{code}</c>, <c>/stall</c>, <c>/ws/echo</c> (a WebSocket echo), <c>/shop</c> (a page for browser steps,
/// see <see cref="DemoShopPage"/>), and <c>/__stats</c> which reports how many
/// requests it served per path.
/// </summary>
public sealed class DemoTarget : IAsyncDisposable
{
    private static readonly TimeSpan GracefulStop = TimeSpan.FromSeconds(5);

    private readonly WebApplication app;
    private readonly ServedCounters counters;

    private DemoTarget(WebApplication app, ServedCounters counters, int port)
    {
        this.app = app;
        this.counters = counters;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public long TotalServed => counters.Total;

    public IReadOnlyDictionary<string, long> ServedByPath() => counters.Snapshot();

    /// <summary>When each connection's first response was served, oldest first.</summary>
    public IReadOnlyList<DateTimeOffset> ConnectionsFirstServed() => counters.ConnectionsFirstServed();

    /// <summary>Responses served per 100 ms, oldest first.</summary>
    public IReadOnlyList<(DateTimeOffset Start, long Served)> Timeline() => counters.Timeline();

    public static async Task<DemoTarget> StartAsync(DemoTargetOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, IPEndPoint.MaxPort);

        // The empty builder brings no logging providers and no configuration sources: nothing is written per request.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });

        var app = builder.Build();
        var counters = new ServedCounters();
        var stalls = new StallWindows(options.Time, options.Time.GetTimestamp());
        var handler = new DemoTargetHandler(options, counters, stalls);
        app.UseWebSockets();
        app.Run(handler.HandleAsync);

        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new DemoTarget(app, counters, new Uri(address).Port);
    }

    /// <summary>Stops accepting requests and lets in-flight ones finish for a few seconds.</summary>
    public async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(GracefulStop);
        await app.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await app.DisposeAsync();
    }
}
