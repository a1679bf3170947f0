using Microsoft.AspNetCore.Server.Kestrel.Core;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Runner.Engine;
using ServerlessLoad.Runner.Engine.Http;
using ServerlessLoad.Runner.Tests.Support;

namespace ServerlessLoad.Runner.Tests.Engine.Http;

/// <summary>https:// over HTTP/1.1 on the socket engine's own connections, against Kestrel with a self-signed certificate.</summary>
public sealed class TlsSocketEngineTests : IAsyncDisposable
{
    private readonly SliceRecorder recorder = new(DateTimeOffset.UtcNow, TimeProvider.System);
    private CountingServer? server;

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Keep_alive_tls_connections_carry_every_request_once_and_alpn_keeps_them_on_http_1_1()
    {
        // The server offers HTTP/2 too: the engine asks for http/1.1 by ALPN and gets it.
        server = await CountingServer.StartAsync(tls: true, HttpProtocols.Http1AndHttp2);
        using var transport = Transport(TestPlans.Get("tls", "/"), 4);

        var outcomes = await SendConcurrentlyAsync(transport, 4, 25);

        outcomes.ShouldAllBe(o => !o.Failed && o.Status == 200);
        server.Served.ShouldBe(100);
        server.Protocols.ShouldAllBe(p => p == "HTTP/1.1");
        server.Connections.Count.ShouldBe(4);
        outcomes.Count(o => o.ConnectMicros >= 0).ShouldBe(4);
        outcomes.ShouldAllBe(o => o.TimeToFirstByteMicros >= 0 && o.TimeToFirstByteMicros <= o.ServiceMicros);
    }

    [Fact]
    public async Task A_new_connection_per_iteration_shakes_hands_for_every_request()
    {
        server = await CountingServer.StartAsync(tls: true, HttpProtocols.Http1);
        using var transport = Transport(TestPlans.Get("tls", "/"), 1, s => s with { NewConnectionPerIteration = true });

        var outcomes = await SendConcurrentlyAsync(transport, 1, 5);

        outcomes.ShouldAllBe(o => !o.Failed && o.ConnectMicros >= 0);
        server.Served.ShouldBe(5);
        server.Connections.Count.ShouldBe(5);
    }

    [Fact]
    public async Task A_timed_out_tls_exchange_closes_its_connection_and_the_next_one_connects_again()
    {
        server = await CountingServer.StartAsync(tls: true, HttpProtocols.Http1);
        var slow = TestPlans.Get("slow", "/slow/3000") with { Timeout = TimeSpan.FromMilliseconds(200) };
        var plan = TestPlans.ConstantVus(server.BaseAddress, 1, TimeSpan.FromSeconds(1), slow, TestPlans.Get("fast", "/"));
        var scenario = plan.Scenarios[0] with { InsecureSkipTlsVerify = true };
        using var transport = new ScenarioTransport(plan with { Scenarios = [scenario] }, scenario, 1, recorder, CancellationToken.None);

        var timedOut = await transport.SendAsync(transport.Routes[0], 0, CancellationToken.None);
        var next = await transport.SendAsync(transport.Routes[1], 0, CancellationToken.None);

        timedOut.ShouldNotBeNull().FailureCategory.ShouldBe("timeout");
        next.ShouldNotBeNull().Failed.ShouldBeFalse();
        next.Value.ConnectMicros.ShouldBeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public async Task Certificates_are_validated_by_default()
    {
        server = await CountingServer.StartAsync(tls: true, HttpProtocols.Http1);
        using var transport = Transport(TestPlans.Get("tls", "/"), 1, s => s with { InsecureSkipTlsVerify = false });

        var outcome = (await transport.SendAsync(transport.Routes[0], 0, CancellationToken.None)).ShouldNotBeNull();

        (outcome.FailureCategory, outcome.Status).ShouldBe(("tls", 0));
        server.Served.ShouldBe(0);
    }

    private ScenarioTransport Transport(RequestSpec spec, int connections, Func<Scenario, Scenario>? change = null)
    {
        var plan = TestPlans.ConstantVus(server!.BaseAddress, connections, TimeSpan.FromSeconds(1), spec);
        var scenario = (change ?? (s => s))(plan.Scenarios[0] with { InsecureSkipTlsVerify = true });
        return new ScenarioTransport(plan with { Scenarios = [scenario] }, scenario, connections, recorder, CancellationToken.None);
    }

    private static async Task<List<RequestOutcome>> SendConcurrentlyAsync(ScenarioTransport transport, int users, int each)
    {
        var loops = Enumerable.Range(0, users).Select(async _ =>
        {
            var waiter = new ConnectionWaiter();
            var mine = new List<RequestOutcome>();
            for (var i = 0; i < each; i++)
            {
                mine.Add((await transport.SendAsync(transport.Routes[0], 0, waiter, CancellationToken.None)).ShouldNotBeNull());
            }

            return mine;
        });
        return [.. (await Task.WhenAll(loops)).SelectMany(o => o)];
    }
}
