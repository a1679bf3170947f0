using Microsoft.AspNetCore.Server.Kestrel.Core;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Runner.Engine;
using ServerlessLoad.Runner.Engine.Http;
using ServerlessLoad.Runner.Tests.Support;

namespace ServerlessLoad.Runner.Tests.Engine.Http2;

/// <summary>
/// The engine's own HTTP/2 against Kestrel, over TLS and in clear text: what it counts is what the server served, on
/// as many connections as the scenario asked for, with statuses, bodies, timeouts and stops handled per stream.
/// </summary>
public sealed class Http2EngineTests : IAsyncDisposable
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

    [Theory]
    [InlineData(true, 1, 10)]
    [InlineData(false, 1, 10)]
    [InlineData(true, 4, 1)]
    [InlineData(false, 4, 1)]
    public async Task Every_request_is_counted_once_on_the_connections_and_streams_the_scenario_asked_for(bool tls, int connections, int streams)
    {
        server = await CountingServer.StartAsync(tls, tls ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http2);
        var vus = connections * streams;
        using var transport = Transport(TestPlans.Get("h2", "/"), vus, s => s with { StreamsPerConnection = streams });

        var outcomes = await SendConcurrentlyAsync(transport, vus, 20);

        outcomes.Count.ShouldBe(vus * 20);
        outcomes.ShouldAllBe(o => !o.Failed && o.Status == 200);
        server.Served.ShouldBe(vus * 20);
        server.Protocols.ShouldAllBe(p => p == "HTTP/2");
        server.Connections.Count.ShouldBe(connections);
        transport.Http2Connects.ShouldBe(connections);
        outcomes.Count(o => o.ConnectMicros >= 0).ShouldBe(connections);
        outcomes.ShouldAllBe(o => o.TimeToFirstByteMicros >= 0 && o.TimeToFirstByteMicros <= o.ServiceMicros && o.LatencyMicros == o.ServiceMicros);
        outcomes.ShouldAllBe(o => o.BytesReceived > "ok".Length && o.BytesSent > 9);
    }

    [Fact]
    public async Task Statuses_are_read_from_the_header_block_and_judged_by_the_plan()
    {
        server = await CountingServer.StartAsync(tls: false, HttpProtocols.Http2);
        using var transport = Transport(TestPlans.Get("s", "/status/404"), 1);
        using var created = Transport(TestPlans.Get("c", "/status/201"), 1);

        var missing = await SendAsync(transport);
        var made = await SendAsync(created);

        (missing.Status, missing.FailureCategory).ShouldBe((404, "status"));
        (made.Status, made.Failed).ShouldBe((201, false));
    }

    [Fact]
    public async Task A_body_larger_than_the_servers_window_is_sent_whole_under_flow_control()
    {
        server = await CountingServer.StartAsync(tls: false, HttpProtocols.Http2);
        var body = new string('x', 200_000);
        var spec = TestPlans.Get("post", "/echo") with { Method = "POST", Body = body, ContentType = "text/plain" };
        using var transport = Transport(spec, 4, s => s with { StreamsPerConnection = 4 });

        var outcomes = await SendConcurrentlyAsync(transport, 4, 2);

        outcomes.ShouldAllBe(o => !o.Failed);
        server.EchoedBodies.ShouldAllBe(length => length == body.Length);
        server.EchoedBodies.Count.ShouldBe(8);
        outcomes.ShouldAllBe(o => o.BytesSent > body.Length);
    }

    [Fact]
    public async Task A_request_past_its_timeout_is_cancelled_alone_and_the_connection_carries_on()
    {
        server = await CountingServer.StartAsync(tls: false, HttpProtocols.Http2);
        var slow = TestPlans.Get("slow", "/slow/3000") with { Timeout = TimeSpan.FromMilliseconds(200) };
        var plan = TestPlans.ConstantVus(server.BaseAddress, 2, TimeSpan.FromSeconds(1), slow, TestPlans.Get("fast", "/"));
        var scenario = plan.Scenarios[0] with { HttpVersion = HttpVersions.Http2, StreamsPerConnection = 2 };
        using var transport = new ScenarioTransport(plan with { Scenarios = [scenario] }, scenario, 2, recorder, CancellationToken.None);

        var timedOut = await transport.SendAsync(transport.Routes[0], 0, CancellationToken.None);
        var next = await transport.SendAsync(transport.Routes[1], 0, CancellationToken.None);

        timedOut.ShouldNotBeNull().FailureCategory.ShouldBe("timeout");
        timedOut.Value.ServiceMicros.ShouldBeInRange(200_000, 2_000_000);
        next.ShouldNotBeNull().Failed.ShouldBeFalse();
        server.Connections.Count.ShouldBe(1);
        transport.Http2Connects.ShouldBe(1);
    }

    [Fact]
    public async Task A_request_cut_off_by_the_stop_is_not_measured()
    {
        server = await CountingServer.StartAsync(tls: false, HttpProtocols.Http2);
        using var stop = new CancellationTokenSource();
        var plan = TestPlans.ConstantVus(server.BaseAddress, 1, TimeSpan.FromSeconds(1), TestPlans.Get("slow", "/slow/3000"));
        var scenario = plan.Scenarios[0] with { HttpVersion = HttpVersions.Http2 };
        using var transport = new ScenarioTransport(plan with { Scenarios = [scenario] }, scenario, 1, recorder, stop.Token);

        var sending = transport.SendAsync(transport.Routes[0], 0, stop.Token).AsTask();
        await Task.Delay(200);
        await stop.CancelAsync();

        (await sending.WaitAsync(TimeSpan.FromSeconds(5))).ShouldBeNull();
    }

    [Fact]
    public async Task Streams_the_server_refuses_beyond_its_limit_are_sent_again_and_counted_once()
    {
        // Kestrel allows one stream at a time here; the engine opens ten before it has read that setting.
        server = await CountingServer.StartAsync(tls: false, HttpProtocols.Http2, limits => limits.Http2.MaxStreamsPerConnection = 1);
        using var transport = Transport(TestPlans.Get("h2", "/"), 10, s => s with { StreamsPerConnection = 10 });

        var outcomes = await SendConcurrentlyAsync(transport, 10, 5);

        outcomes.Where(o => o.Failed).Select(o => o.FailureSample).ShouldBeEmpty();
        outcomes.Count.ShouldBe(50);
        server.Served.ShouldBe(50);
    }

    [Fact]
    public async Task Certificates_are_validated_unless_the_plan_turns_it_off()
    {
        server = await CountingServer.StartAsync(tls: true, HttpProtocols.Http2);
        using var strict = Transport(TestPlans.Get("h2", "/"), 1, s => s with { InsecureSkipTlsVerify = false });

        var refused = await SendAsync(strict);

        refused.FailureCategory.ShouldBe("tls");
        server.Served.ShouldBe(0);
    }

    [Fact]
    public async Task A_server_that_does_not_speak_http2_over_tls_fails_the_handshake_as_tls()
    {
        // Kestrel refuses the handshake when ALPN offers nothing it serves.
        server = await CountingServer.StartAsync(tls: true, HttpProtocols.Http1);
        using var transport = Transport(TestPlans.Get("h2", "/"), 1);

        var outcome = await SendAsync(transport);

        outcome.FailureCategory.ShouldBe("tls");
        server.Served.ShouldBe(0);
    }

    private ScenarioTransport Transport(RequestSpec spec, int connections, Func<Scenario, Scenario>? change = null)
    {
        var plan = TestPlans.ConstantVus(server!.BaseAddress, connections, TimeSpan.FromSeconds(1), spec);
        var scenario = (change ?? (s => s))(plan.Scenarios[0] with { HttpVersion = HttpVersions.Http2, InsecureSkipTlsVerify = true });
        return new ScenarioTransport(plan with { Scenarios = [scenario] }, scenario, connections, recorder, CancellationToken.None);
    }

    private static async Task<RequestOutcome> SendAsync(ScenarioTransport transport) =>
        (await transport.SendAsync(transport.Routes[0], 0, CancellationToken.None)).ShouldNotBeNull();

    /// <summary><paramref name="users"/> loops of <paramref name="each"/> requests, each loop with its own waiter, as VUs have.</summary>
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
