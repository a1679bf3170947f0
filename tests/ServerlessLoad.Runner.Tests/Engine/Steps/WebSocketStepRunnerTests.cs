using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using ServerlessLoad.Cli.Target;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Results;
using ServerlessLoad.Runner.Engine;
using ServerlessLoad.Runner.Engine.Steps;
using ServerlessLoad.Runner.Tests.Support;

namespace ServerlessLoad.Runner.Tests.Engine.Steps;

/// <summary>A websocket step run against the demo target's <c>/ws/echo</c> (and a TLS echo), recorded into a slice recorder.</summary>
public sealed class WebSocketStepRunnerTests : IAsyncLifetime
{
    private const string Connect = "chat.connect";
    private const string RoundTrip = "chat.roundtrip";

    private DemoTarget target = null!;

    public async Task InitializeAsync() =>
        target = await DemoTarget.StartAsync(new DemoTargetOptions(), CancellationToken.None);

    public async Task DisposeAsync() => await target.DisposeAsync();

    private static WebSocketStep Step(string path, params WebSocketAction[] actions) => new()
    {
        Name = "chat",
        Target = TestPlans.Target,
        Path = path,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        Actions = actions,
    };

    private static WebSocketExpect Expect(string pattern, int timeoutMs = 2000) => new(pattern, TimeSpan.FromMilliseconds(timeoutMs));

    private async Task<StepRun> RunAsync(
        WebSocketStep step, Uri? targetUri = null, bool insecure = false, Func<string, string>? render = null, CancellationToken stop = default)
    {
        var scenario = new Scenario { Name = "main", Vus = 1, Duration = TimeSpan.FromSeconds(1), Requests = [], Steps = [step], InsecureSkipTlsVerify = insecure };
        var plan = TestPlans.WithScenarios(targetUri ?? target.BaseAddress, scenario);
        var recorder = new SliceRecorder(DateTimeOffset.UtcNow, TimeProvider.System);
        var runner = new WebSocketStepRunner(step, plan, scenario);

        var watch = Stopwatch.StartNew();
        var completed = await runner.RunAsync(render ?? (text => text), recorder.Shard(0), recorder.Clock, stop);
        watch.Stop();

        var results = new Dictionary<string, RequestStats>(StringComparer.Ordinal);
        foreach (var second in recorder.TakeAll("run", 0, 1))
        {
            foreach (var (name, stats) in second.Requests)
            {
                if (results.TryGetValue(name, out var merged))
                {
                    merged.Add(stats);
                }
                else
                {
                    results[name] = stats;
                }
            }
        }

        return new StepRun(completed, results, watch.Elapsed, recorder.InFlight);
    }

    [Fact]
    public async Task A_connect_a_send_and_an_expect_are_measured_with_status_101_and_message_bytes()
    {
        var run = await RunAsync(
            Step("/ws/echo?room={{vu}}", new WebSocketSend("hello {{vu}}"), Expect(@"^hello \d+$"), new WebSocketClose()),
            render: text => text.Replace("{{vu}}", "7", StringComparison.Ordinal));

        run.Completed.ShouldBeTrue();
        run.Results.Keys.ShouldBe([Connect, RoundTrip], ignoreOrder: true);
        var connect = run.Results[Connect];
        connect.Requests.ShouldBe(1);
        connect.Failures.ShouldBe(0);
        connect.StatusCodes.ShouldBe(new Dictionary<string, long> { ["101"] = 1 });
        connect.Latency.TotalCount.ShouldBe(1);
        connect.ConnectTime.TotalCount.ShouldBe(1);
        connect.BytesSent.ShouldBeGreaterThan("GET /ws/echo?room=7 HTTP/1.1\r\n".Length);
        connect.BytesReceived.ShouldBeGreaterThan("HTTP/1.1 101 Switching Protocols\r\n".Length);
        var roundTrip = run.Results[RoundTrip];
        roundTrip.Requests.ShouldBe(1);
        roundTrip.Failures.ShouldBe(0);
        roundTrip.BytesSent.ShouldBe("hello 7".Length);
        roundTrip.BytesReceived.ShouldBe("hello 7".Length);
        roundTrip.Latency.MaxMicros.ShouldBeGreaterThan(0);
        run.InFlight.ShouldBe(0);
        target.ServedByPath()["/ws/echo"].ShouldBe(1);
    }

    [Fact]
    public async Task A_round_trip_counts_from_the_send_to_the_matching_message()
    {
        var run = await RunAsync(Step("/ws/echo?delayMs=150", new WebSocketSend("ping"), Expect("^ping$")));

        run.Results[RoundTrip].Latency.MinMicros.ShouldBeGreaterThanOrEqualTo(140_000);
        run.Results[RoundTrip].Latency.MaxMicros.ShouldBeLessThan(1_500_000);
    }

    [Fact]
    public async Task Messages_that_do_not_match_are_skipped_while_waiting()
    {
        var run = await RunAsync(Step("/ws/echo", new WebSocketSend("one"), new WebSocketSend("two"), Expect("^two$")));

        var roundTrip = run.Results[RoundTrip];
        roundTrip.Requests.ShouldBe(1);
        roundTrip.Failures.ShouldBe(0);
        roundTrip.BytesSent.ShouldBe(6);
        roundTrip.BytesReceived.ShouldBe(6);
    }

    [Fact]
    public async Task An_expect_without_a_match_in_time_fails_as_timeout_and_the_connection_stays_usable()
    {
        var run = await RunAsync(Step("/ws/echo",
            new WebSocketSend("a"), Expect("^nothing$", timeoutMs: 200),
            new WebSocketSend("b"), Expect("^b$")));

        run.Completed.ShouldBeTrue();
        var roundTrip = run.Results[RoundTrip];
        roundTrip.Requests.ShouldBe(2);
        roundTrip.Failures.ShouldBe(1);
        roundTrip.FailureCategories.ShouldBe(new Dictionary<string, long> { ["timeout"] = 1 });
        roundTrip.FailureSamples["timeout"].ShouldBe(["timeout chat.roundtrip: no message matched '^nothing$' within 200ms"]);
        roundTrip.Latency.MaxMicros.ShouldBeGreaterThanOrEqualTo(190_000);
    }

    [Fact]
    public async Task A_message_still_arriving_when_an_expect_times_out_is_seen_by_the_next_expect()
    {
        var run = await RunAsync(Step("/ws/echo?delayMs=300", new WebSocketSend("late"), Expect("^late$", timeoutMs: 100), Expect("^late$")));

        var roundTrip = run.Results[RoundTrip];
        roundTrip.Requests.ShouldBe(2);
        roundTrip.FailureCategories.ShouldBe(new Dictionary<string, long> { ["timeout"] = 1 });
        roundTrip.Latency.MaxMicros.ShouldBeGreaterThanOrEqualTo(290_000);
    }

    [Fact]
    public async Task A_refused_connection_is_a_connect_failure_and_nothing_else_is_recorded()
    {
        var run = await RunAsync(Step("/ws/echo", new WebSocketSend("a"), Expect("a")), LocalHttp.ClosedPort());

        run.Completed.ShouldBeTrue();
        run.Results.Keys.ShouldBe([Connect]);
        var connect = run.Results[Connect];
        connect.Requests.ShouldBe(1);
        connect.FailureCategories.ShouldBe(new Dictionary<string, long> { ["refused"] = 1 });
        connect.FailureSamples["refused"].ShouldBe(["refused WS /ws/echo"]);
        connect.StatusCodes.ShouldBe(new Dictionary<string, long> { ["0"] = 1 });
        connect.ConnectTime.TotalCount.ShouldBe(0);
    }

    [Fact]
    public async Task A_handshake_left_unanswered_is_a_connect_timeout()
    {
        // The listener's backlog completes TCP connects, but nobody ever reads the upgrade request.
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var port = ((IPEndPoint)silent.LocalEndpoint).Port;

            var run = await RunAsync(Step("/ws", new WebSocketSend("a")) with { ConnectTimeout = TimeSpan.FromMilliseconds(300) }, new Uri($"http://127.0.0.1:{port}/"));

            run.Completed.ShouldBeTrue();
            var connect = run.Results[Connect];
            connect.FailureCategories.ShouldBe(new Dictionary<string, long> { ["timeout"] = 1 });
            connect.Latency.MinMicros.ShouldBeGreaterThanOrEqualTo(290_000);
        }
        finally
        {
            silent.Stop();
        }
    }

    [Fact]
    public async Task An_answer_other_than_101_is_a_status_failure_with_that_status()
    {
        var run = await RunAsync(Step("/status/404", new WebSocketSend("a")));

        var connect = run.Results[Connect];
        connect.FailureCategories.ShouldBe(new Dictionary<string, long> { ["status"] = 1 });
        connect.StatusCodes.ShouldBe(new Dictionary<string, long> { ["404"] = 1 });
        connect.FailureSamples["status"].ShouldBe(["HTTP 404 WS /status/404"]);
    }

    [Fact]
    public async Task A_server_that_closes_first_fails_the_waiting_expect_as_closed_and_ends_the_step()
    {
        var run = await RunAsync(Step("/ws/echo?closeAfter=1",
            new WebSocketSend("a"), Expect("^a$"),
            new WebSocketSend("b"), Expect("^b$"),
            new WebSocketSend("c"), Expect("^c$")));

        run.Completed.ShouldBeTrue();
        var roundTrip = run.Results[RoundTrip];
        roundTrip.Requests.ShouldBe(2);
        roundTrip.FailureCategories.ShouldBe(new Dictionary<string, long> { ["closed"] = 1 });
        roundTrip.FailureSamples["closed"].ShouldBe(["closed chat.roundtrip: the server closed the connection (1000 closeAfter reached)"]);
    }

    [Fact]
    public async Task A_stop_during_a_hold_returns_false_promptly_and_records_nothing_for_the_hold()
    {
        // Long enough for the connect and the first round trip on a busy machine; the hold is far longer.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));

        var run = await RunAsync(Step("/ws/echo", new WebSocketSend("a"), Expect("^a$"), new WebSocketHold(TimeSpan.FromSeconds(30)), new WebSocketSend("b"), Expect("b")),
            stop: stop.Token);

        run.Completed.ShouldBeFalse();
        run.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(3.5));
        run.Results[Connect].Requests.ShouldBe(1);
        run.Results[RoundTrip].Requests.ShouldBe(1);
        run.Results[RoundTrip].Failures.ShouldBe(0);
        run.InFlight.ShouldBe(0);
    }

    [Fact]
    public async Task A_stop_during_an_expect_records_nothing_for_it()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var run = await RunAsync(Step("/ws/echo", new WebSocketSend("a"), Expect("^never$", timeoutMs: 20_000)), stop: stop.Token);

        run.Completed.ShouldBeFalse();
        run.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(3));
        run.Results.ContainsKey(RoundTrip).ShouldBeFalse();
    }

    [Fact]
    public async Task A_hold_discards_messages_and_their_bytes_count_after_the_last_expect()
    {
        var run = await RunAsync(Step("/ws/echo", new WebSocketSend("a"), Expect("^a$"), new WebSocketSend("tail"), new WebSocketHold(TimeSpan.FromMilliseconds(200))));

        var roundTrip = run.Results[RoundTrip];
        roundTrip.Requests.ShouldBe(1);
        roundTrip.BytesSent.ShouldBe(1 + 4);
        roundTrip.BytesReceived.ShouldBe(1 + 4);
        run.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(190));
    }

    [Fact]
    public async Task A_hold_ends_on_time_while_the_server_sends_without_pause()
    {
        await using var server = await LocalWebSocketServer.StartAsync(async (socket, aborted) =>
        {
            var message = new byte[64];
            while (true)
            {
                await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, aborted);
            }
        });

        var run = await RunAsync(Step("/flood", new WebSocketHold(TimeSpan.FromMilliseconds(300))), server.BaseAddress);

        run.Completed.ShouldBeTrue();
        run.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(3));
        run.Results[Connect].BytesReceived.ShouldBeGreaterThan(64 * 10);
    }

    [Fact]
    public async Task A_stop_is_seen_while_the_server_sends_without_pause()
    {
        await using var server = await LocalWebSocketServer.StartAsync(async (socket, aborted) =>
        {
            var message = new byte[64];
            while (true)
            {
                await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, aborted);
            }
        });
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        var run = await RunAsync(Step("/flood", new WebSocketExpect("never", TimeSpan.FromSeconds(30))), server.BaseAddress, stop: stop.Token);

        run.Completed.ShouldBeFalse();
        run.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task A_close_completes_the_handshake_without_waiting_for_its_bound()
    {
        var step = Step("/ws/echo", new WebSocketSend("a"), Expect("^a$"), new WebSocketClose());
        await RunAsync(step); // warms up, so the timing below is the conversation's own

        var run = await RunAsync(step);

        run.Completed.ShouldBeTrue();
        run.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1.5));
        run.Results[RoundTrip].Failures.ShouldBe(0);
    }

    [Fact]
    public async Task A_message_spanning_many_frames_is_assembled_before_matching()
    {
        var big = new string('x', 100_000) + "END";

        var run = await RunAsync(Step("/ws/echo", new WebSocketSend(big), Expect("^x+END$")));

        var roundTrip = run.Results[RoundTrip];
        roundTrip.Failures.ShouldBe(0);
        roundTrip.BytesReceived.ShouldBe(big.Length);
    }

    [Fact]
    public async Task A_message_above_1_MiB_is_counted_and_never_matched()
    {
        var huge = new string('y', WebSocketInbox.MaxMessageBytes + 10);

        var run = await RunAsync(Step("/ws/echo", new WebSocketSend(huge), Expect("y", timeoutMs: 1000), new WebSocketSend("small"), Expect("^small$")));

        var roundTrip = run.Results[RoundTrip];
        roundTrip.Requests.ShouldBe(2);
        roundTrip.FailureCategories.ShouldBe(new Dictionary<string, long> { ["timeout"] = 1 });
        roundTrip.BytesReceived.ShouldBe(huge.Length + "small".Length);
    }

    [Fact]
    public async Task A_step_without_expects_carries_its_message_bytes_on_its_connects()
    {
        var run = await RunAsync(Step("/ws/echo", new WebSocketSend("abc"), new WebSocketHold(TimeSpan.FromMilliseconds(100)), new WebSocketClose()));

        run.Results.ContainsKey(RoundTrip).ShouldBeFalse();
        run.Results[Connect].BytesReceived.ShouldBeGreaterThan(3 + "HTTP/1.1 101 Switching Protocols\r\n".Length);
    }

    [Fact]
    public async Task Wss_is_used_for_https_targets_and_certificate_validation_can_be_skipped()
    {
        await using var server = await LocalWebSocketServer.StartAsync(LocalWebSocketServer.Echo, tls: true);

        var trusting = await RunAsync(Step("/any", new WebSocketSend("hi"), Expect("^hi$")), server.BaseAddress, insecure: true);
        var validating = await RunAsync(Step("/any", new WebSocketSend("hi"), Expect("^hi$")), server.BaseAddress, insecure: false);

        trusting.Results[Connect].Failures.ShouldBe(0);
        trusting.Results[RoundTrip].Failures.ShouldBe(0);
        validating.Results[Connect].FailureCategories.ShouldBe(new Dictionary<string, long> { ["tls"] = 1 });
    }

    [Fact]
    public async Task One_runner_serves_many_virtual_users_at_once()
    {
        var step = Step("/ws/echo?room={{vu}}", new WebSocketSend("hi {{vu}}"), Expect(@"^hi \d+$"), new WebSocketClose());
        var scenario = new Scenario { Name = "main", Vus = 20, Duration = TimeSpan.FromSeconds(1), Requests = [], Steps = [step] };
        var runner = new WebSocketStepRunner(step, TestPlans.WithScenarios(target.BaseAddress, scenario), scenario);
        var recorder = new SliceRecorder(DateTimeOffset.UtcNow, TimeProvider.System);

        var completed = await Task.WhenAll(Enumerable.Range(1, 20).Select(vu => runner.RunAsync(
            text => text.Replace("{{vu}}", vu.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal),
            recorder.Shard(vu), recorder.Clock, CancellationToken.None)));

        completed.ShouldAllBe(c => c);
        var results = recorder.TakeAll("run", 0, 1).SelectMany(s => s.Requests).GroupBy(r => r.Key)
            .ToDictionary(g => g.Key, g => (Requests: g.Sum(r => r.Value.Requests), Failures: g.Sum(r => r.Value.Failures)));
        results[Connect].ShouldBe((20L, 0L));
        results[RoundTrip].ShouldBe((20L, 0L));
        target.ServedByPath()["/ws/echo"].ShouldBe(20);
    }

    [Fact]
    public async Task The_echo_endpoint_answers_a_plain_request_with_400()
    {
        using var client = LocalHttp.Client(target.BaseAddress);

        using var response = await client.GetAsync("/ws/echo");

        ((int)response.StatusCode).ShouldBe(400);
    }

    [Fact]
    public void A_step_naming_a_target_the_plan_lacks_is_refused_up_front()
    {
        var step = Step("/ws") with { Target = "other" };
        var scenario = new Scenario { Name = "main", Vus = 1, Duration = TimeSpan.FromSeconds(1), Requests = [], Steps = [step] };

        Should.Throw<ArgumentException>(() => new WebSocketStepRunner(step, TestPlans.WithScenarios(target.BaseAddress, scenario), scenario))
            .Message.ShouldContain("names target 'other'");
    }

    private sealed record StepRun(bool Completed, Dictionary<string, RequestStats> Results, TimeSpan Elapsed, int InFlight);
}
