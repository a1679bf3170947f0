using Microsoft.AspNetCore.Server.Kestrel.Core;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Runner.Engine;
using ServerlessLoad.Runner.Tests.Support;

namespace ServerlessLoad.Runner.Tests.Engine.Http;

/// <summary>https and HTTP/2 go through SocketsHttpHandler: certificates are checked unless the plan says otherwise.</summary>
public sealed class HttpClientPathTests
{
    private readonly SliceRecorder recorder = new(DateTimeOffset.UtcNow, TimeProvider.System);

    [Fact]
    public async Task A_self_signed_certificate_fails_as_tls_because_validation_is_on_by_default()
    {
        await using var server = await ProtocolServer.StartAsync(tls: true, HttpProtocols.Http1);

        var outcome = await SendAsync(server.BaseAddress, s => s);

        outcome.FailureCategory.ShouldBe("tls");
        outcome.Status.ShouldBe(0);
    }

    [Fact]
    public async Task Skipping_certificate_validation_reaches_the_server_and_times_the_tls_connection_setup()
    {
        await using var server = await ProtocolServer.StartAsync(tls: true, HttpProtocols.Http1);

        var outcome = await SendAsync(server.BaseAddress, s => s with { InsecureSkipTlsVerify = true });

        outcome.Failed.ShouldBeFalse(outcome.FailureSample);
        outcome.Status.ShouldBe(200);
        outcome.BytesReceived.ShouldBeGreaterThan("HTTP/1.1".Length);
        server.Protocols.ShouldBe(["HTTP/1.1"]);
        var connects = recorder.TakeAll("run", 0, 1).Sum(s => s.Requests.Values.Sum(r => r.ConnectTime.TotalCount));
        connects.ShouldBe(1);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Http2_is_spoken_over_tls_and_in_clear_text(bool tls)
    {
        await using var server = await ProtocolServer.StartAsync(tls, tls ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http2);
        var plan = TestPlans.ConstantVus(server.BaseAddress, 1, TimeSpan.FromSeconds(1), TestPlans.Get("h2", "/"));
        var scenario = plan.Scenarios[0] with { HttpVersion = HttpVersions.Http2, InsecureSkipTlsVerify = true };
        using var sender = new HttpRequestSender(plan with { Scenarios = [scenario] }, scenario, 1, recorder.Clock, recorder);

        var outcome = await sender.SendAsync(sender.Prepare(scenario.Requests[0]), 0, CancellationToken.None);

        outcome.ShouldNotBeNull().Failed.ShouldBeFalse(outcome.Value.FailureSample);
        server.Protocols.ShouldBe(["HTTP/2"]);
    }

    [Theory]
    [InlineData(true, false, 1)]
    [InlineData(true, true, 3)]
    [InlineData(false, false, 1)]
    [InlineData(false, true, 3)]
    public async Task A_connection_per_request_is_opened_only_when_each_iteration_asks_for_a_new_one(bool http2, bool fresh, int connects)
    {
        // HTTP/2 in clear text, HTTP/1.1 over TLS: the two ways a requests: scenario reaches SocketsHttpHandler.
        await using var server = await ProtocolServer.StartAsync(tls: !http2, http2 ? HttpProtocols.Http2 : HttpProtocols.Http1);
        var plan = TestPlans.ConstantVus(server.BaseAddress, 1, TimeSpan.FromSeconds(1), TestPlans.Get("h", "/"));
        var scenario = plan.Scenarios[0] with
        {
            HttpVersion = http2 ? HttpVersions.Http2 : HttpVersions.Http11,
            InsecureSkipTlsVerify = true,
            NewConnectionPerIteration = fresh,
        };
        using var sender = new HttpRequestSender(plan with { Scenarios = [scenario] }, scenario, 1, recorder.Clock, recorder);

        for (var i = 0; i < 3; i++)
        {
            var outcome = await sender.SendAsync(sender.Prepare(scenario.Requests[0]), 0, CancellationToken.None);
            outcome.ShouldNotBeNull().Failed.ShouldBeFalse(outcome.Value.FailureSample);
            recorder.Shard(0).Record(outcome.Value);
        }

        recorder.TakeAll("run", 0, 1).Sum(s => s.Requests.Values.Sum(r => r.ConnectTime.TotalCount)).ShouldBe(connects);
    }

    private async Task<RequestOutcome> SendAsync(Uri target, Func<Scenario, Scenario> change)
    {
        var plan = TestPlans.ConstantVus(target, 1, TimeSpan.FromSeconds(1), TestPlans.Get("tls", "/"));
        var scenario = change(plan.Scenarios[0]);
        plan = plan with { Scenarios = [scenario] };
        using var transport = new ScenarioTransport(plan, scenario, 1, recorder, CancellationToken.None);
        var outcome = await transport.SendAsync(transport.Routes[0], 0, CancellationToken.None);
        var finished = outcome.ShouldNotBeNull();
        recorder.Shard(0).Record(in finished);
        return finished;
    }
}
