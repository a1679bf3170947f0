using System.Text;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Runner.Engine;
using ServerlessLoad.Runner.Tests.Support;
using static ServerlessLoad.Runner.Tests.Support.ScriptedServer;

namespace ServerlessLoad.Runner.Tests.Engine.Http;

/// <summary>The HTTP/1.1 socket engine against a server that answers exactly what each test scripts.</summary>
public sealed class SocketEngineTests : IAsyncDisposable
{
    private ScriptedServer? server;
    private SliceRecorder recorder = new(DateTimeOffset.UtcNow, TimeProvider.System);

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_response_framed_by_content_length_is_read_whole_and_the_bytes_on_the_wire_are_counted_exactly()
    {
        const string response = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Extra: yes\r\n\r\nhello";
        server = new ScriptedServer(_ => new Reply([response]));

        var outcome = await SendOnceAsync(TestPlans.Get("a", "/x?y=1"));

        outcome.Status.ShouldBe(200);
        outcome.Failed.ShouldBeFalse();
        outcome.BytesReceived.ShouldBe(response.Length);
        var expectedRequest = $"GET /x?y=1 HTTP/1.1\r\nHost: 127.0.0.1:{server.BaseAddress.Port}\r\n\r\n";
        server.RawRequests.ShouldBe([expectedRequest]);
        outcome.BytesSent.ShouldBe(expectedRequest.Length);
        outcome.ConnectMicros.ShouldBeGreaterThanOrEqualTo(0);
        outcome.TimeToFirstByteMicros.ShouldBeInRange(0, outcome.ServiceMicros);
        outcome.LatencyMicros.ShouldBe(outcome.ServiceMicros);
    }

    [Fact]
    public async Task Keep_alive_connections_are_reused_and_only_the_first_request_pays_the_connect()
    {
        server = new ScriptedServer(_ => Ok("ok"));
        using var transport = Transport(TestPlans.Get("a", "/"));

        var outcomes = new List<RequestOutcome>();
        for (var i = 0; i < 3; i++)
        {
            outcomes.Add(await SendAsync(transport));
        }

        server.Connections.ShouldBe(1);
        server.Requests.ShouldBe(3);
        outcomes.Select(o => o.ConnectMicros >= 0).ShouldBe([true, false, false]);
    }

    [Fact]
    public async Task A_chunked_body_arriving_in_pieces_with_extensions_and_trailers_is_drained_and_the_connection_kept()
    {
        string[] pieces =
        [
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWi",
            "ki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n",
            "0\r\nX-Trailer: done\r\n\r\n",
        ];
        server = new ScriptedServer(i => i == 0 ? new Reply(pieces, PauseBetweenPieces: TimeSpan.FromMilliseconds(30)) : Ok("second"));
        using var transport = Transport(TestPlans.Get("a", "/"));

        var first = await SendAsync(transport);
        var second = await SendAsync(transport);

        first.Status.ShouldBe(200);
        first.Failed.ShouldBeFalse();
        first.BytesReceived.ShouldBe(pieces.Sum(p => p.Length));
        first.ServiceMicros.ShouldBeGreaterThan(first.TimeToFirstByteMicros);
        second.Failed.ShouldBeFalse();
        server.Connections.ShouldBe(1);
    }

    [Fact]
    public async Task Connection_close_from_the_server_makes_the_next_request_connect_again()
    {
        server = new ScriptedServer(_ => new Reply(["HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"], Close: true));
        using var transport = Transport(TestPlans.Get("a", "/"));

        var first = await SendAsync(transport);
        var second = await SendAsync(transport);

        first.Failed.ShouldBeFalse();
        second.Failed.ShouldBeFalse();
        second.ConnectMicros.ShouldBeGreaterThanOrEqualTo(0);
        server.Connections.ShouldBe(2);
    }

    [Fact]
    public async Task A_body_without_framing_runs_until_the_server_closes()
    {
        server = new ScriptedServer(_ => new Reply(["HTTP/1.0 200 OK\r\n\r\n", "all of ", "this"], Close: true, PauseBetweenPieces: TimeSpan.FromMilliseconds(20)));

        var outcome = await SendOnceAsync(TestPlans.Get("a", "/"));

        outcome.Status.ShouldBe(200);
        outcome.Failed.ShouldBeFalse();
        outcome.BytesReceived.ShouldBe("HTTP/1.0 200 OK\r\n\r\nall of this".Length);
    }

    [Fact]
    public async Task An_interim_100_continue_is_skipped_and_the_final_status_counts()
    {
        server = new ScriptedServer(_ => new Reply(["HTTP/1.1 100 Continue\r\n\r\n", "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"]));

        var outcome = await SendOnceAsync(TestPlans.Get("a", "/") with { Method = "POST", Body = "x" });

        outcome.Status.ShouldBe(201);
        outcome.Failed.ShouldBeFalse();
    }

    [Theory]
    [InlineData("HEAD", "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")]
    [InlineData("GET", "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("GET", "HTTP/1.1 304 Not Modified\r\nContent-Length: 1000\r\n\r\n")]
    public async Task Responses_that_carry_no_body_end_at_their_header_and_keep_the_connection(string method, string response)
    {
        server = new ScriptedServer(_ => new Reply([response]));
        using var transport = Transport(TestPlans.Get("a", "/") with { Method = method, Expect = [new StatusRange(200, 399)] });

        var first = await SendAsync(transport);
        var second = await SendAsync(transport);

        first.Failed.ShouldBeFalse();
        second.Failed.ShouldBeFalse();
        server.Connections.ShouldBe(1);
    }

    [Fact]
    public async Task A_large_body_and_a_large_header_block_are_read_through_the_buffer()
    {
        var body = new string('b', 1_000_000);
        var header = $"X-Big: {new string('h', 20_000)}\r\n";
        server = new ScriptedServer(_ => Ok(body, header));

        var outcome = await SendOnceAsync(TestPlans.Get("a", "/"));

        outcome.Failed.ShouldBeFalse();
        outcome.BytesReceived.ShouldBeGreaterThan(1_020_000);
    }

    [Fact]
    public async Task A_body_goes_out_with_its_length_and_content_type()
    {
        server = new ScriptedServer(_ => Ok("ok"));

        await SendOnceAsync(TestPlans.Get("a", "/echo") with { Method = "POST", Body = "{\"a\":1}", ContentType = "application/json" });

        server.RawRequests.Single().ShouldEndWith("Content-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}");
    }

    [Fact]
    public async Task An_idle_connection_the_server_closed_is_replaced_without_failing_the_request()
    {
        // The server closes after each answer without saying so: the next send finds a dead keep-alive connection.
        server = new ScriptedServer(_ => new Reply(["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"], Close: true));
        using var transport = Transport(TestPlans.Get("a", "/"));

        var first = await SendAsync(transport);
        await Task.Delay(100);
        var second = await SendAsync(transport);

        first.Failed.ShouldBeFalse();
        second.Failed.ShouldBeFalse(second.FailureSample);
        server.Requests.ShouldBe(2);
        server.Connections.ShouldBe(2);
    }

    [Fact]
    public async Task A_connection_closed_in_the_middle_of_a_body_is_a_reset()
    {
        server = new ScriptedServer(_ => new Reply(["HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part"], Close: true));

        var outcome = await SendOnceAsync(TestPlans.Get("a", "/part"));

        outcome.Failed.ShouldBeTrue();
        outcome.FailureCategory.ShouldBe("reset");
        outcome.Status.ShouldBe(200);
        outcome.FailureSample.ShouldBe("reset GET /part");
    }

    [Fact]
    public async Task A_malformed_status_line_is_an_error_naming_what_came()
    {
        server = new ScriptedServer(_ => new Reply(["SPDY/9 what\r\n\r\n"]));

        var outcome = await SendOnceAsync(TestPlans.Get("a", "/"));

        outcome.FailureCategory.ShouldBe("error");
        outcome.FailureSample!.ShouldContain("malformed status line 'SPDY/9 what'");
    }

    [Fact]
    public async Task A_response_slower_than_the_timeout_is_a_timeout_cut_at_the_deadline()
    {
        server = new ScriptedServer(_ => new Reply(["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"], PauseBetweenPieces: TimeSpan.FromSeconds(2)));

        var outcome = await SendOnceAsync(TestPlans.Get("slow", "/") with { Timeout = TimeSpan.FromMilliseconds(200) });

        outcome.FailureCategory.ShouldBe("timeout");
        outcome.Status.ShouldBe(0);
        outcome.ServiceMicros.ShouldBeInRange(195_000, 1_500_000);
    }

    [Fact]
    public async Task A_closed_port_is_refused()
    {
        var outcome = await SendOnceAsync(TestPlans.Get("nobody", "/"), LocalHttp.ClosedPort());

        outcome.FailureCategory.ShouldBe("refused");
        outcome.Status.ShouldBe(0);
        outcome.FailureSample.ShouldBe("refused GET /");
    }

    [Fact]
    public async Task A_new_connection_per_iteration_connects_for_every_request()
    {
        server = new ScriptedServer(_ => Ok("ok"));
        using var transport = Transport(TestPlans.Get("a", "/"), s => s with { NewConnectionPerIteration = true });

        for (var i = 0; i < 3; i++)
        {
            (await SendAsync(transport)).ConnectMicros.ShouldBeGreaterThanOrEqualTo(0);
        }

        server.Connections.ShouldBe(3);
    }

    [Fact]
    public async Task A_request_cut_off_by_the_stop_yields_no_outcome()
    {
        server = new ScriptedServer(_ => new Reply(["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"], PauseBetweenPieces: TimeSpan.FromSeconds(5)));
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
        using var transport = Transport(TestPlans.Get("a", "/"), stop: stop.Token);

        var outcome = await transport.SendAsync(transport.Routes[0], 0, stop.Token).AsTask().WaitAsync(TimeSpan.FromSeconds(3));

        outcome.ShouldBeNull();
    }

    [Fact]
    public async Task Latency_counts_from_the_intended_start_and_service_time_from_the_send()
    {
        server = new ScriptedServer(_ => Ok("ok"));
        using var transport = Transport(TestPlans.Get("a", "/"));
        var intended = TimeProvider.System.GetTimestamp() - (TimeProvider.System.TimestampFrequency / 2);

        var outcome = (await transport.SendAsync(transport.Routes[0], intended, CancellationToken.None))!.Value;

        outcome.LatencyMicros.ShouldBeGreaterThanOrEqualTo(500_000);
        outcome.ServiceMicros.ShouldBeLessThan(400_000);
    }

    [Fact]
    public void The_request_bytes_carry_the_plan_headers_and_an_explicit_host_wins()
    {
        var spec = TestPlans.Get("a", "/p") with { Headers = new Dictionary<string, string> { ["Host"] = "example.test", ["Accept"] = "*/*" } };
        var plan = TestPlans.ConstantVus(new Uri("http://127.0.0.1:81/base/"), 1, TimeSpan.FromSeconds(1), spec);

        var request = PreparedRequest.For(spec, plan, plan.Scenarios[0]);

        Encoding.UTF8.GetString(request.Http1Bytes!).ShouldBe("GET /base/p HTTP/1.1\r\nHost: example.test\r\nAccept: */*\r\n\r\n");
    }

    [Fact]
    public void Https_requests_are_prebuilt_for_the_socket_engine_and_http2_ones_as_a_header_block()
    {
        var spec = TestPlans.Get("a", "/");
        var tls = TestPlans.ConstantVus(new Uri("https://localhost:5443/"), 1, TimeSpan.FromSeconds(1), spec);
        var h2 = TestPlans.ConstantVus(new Uri("http://127.0.0.1:81/"), 1, TimeSpan.FromSeconds(1), spec);

        Encoding.UTF8.GetString(PreparedRequest.For(spec, tls, tls.Scenarios[0]).Http1Bytes!).ShouldBe("GET / HTTP/1.1\r\nHost: localhost:5443\r\n\r\n");
        var http2 = PreparedRequest.For(spec, h2, h2.Scenarios[0] with { HttpVersion = HttpVersions.Http2 });
        http2.Http1Bytes.ShouldBeNull();
        http2.Http2Block.ShouldNotBeNull();
    }

    private ScenarioTransport Transport(RequestSpec spec, Func<Scenario, Scenario>? change = null, CancellationToken stop = default)
    {
        var plan = TestPlans.ConstantVus(server?.BaseAddress ?? LocalHttp.ClosedPort(), 1, TimeSpan.FromSeconds(1), spec);
        var scenario = (change ?? (s => s))(plan.Scenarios[0]);
        plan = plan with { Scenarios = [scenario] };
        return new ScenarioTransport(plan, scenario, 1, recorder, stop);
    }

    private async Task<RequestOutcome> SendOnceAsync(RequestSpec spec, Uri? target = null)
    {
        var plan = TestPlans.ConstantVus(target ?? server!.BaseAddress, 1, TimeSpan.FromSeconds(1), spec);
        using var transport = new ScenarioTransport(plan, plan.Scenarios[0], 1, recorder, CancellationToken.None);
        return await SendAsync(transport);
    }

    private static async Task<RequestOutcome> SendAsync(ScenarioTransport transport)
    {
        var outcome = await transport.SendAsync(transport.Routes[0], 0, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        return outcome.ShouldNotBeNull();
    }
}
