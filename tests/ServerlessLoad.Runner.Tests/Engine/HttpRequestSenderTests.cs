using ServerlessLoad.Cli.Target;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Runner.Engine;
using ServerlessLoad.Runner.Tests.Support;

namespace ServerlessLoad.Runner.Tests.Engine;

public sealed class HttpRequestSenderTests : IAsyncLifetime
{
    private DemoTarget target = null!;

    public async Task InitializeAsync() =>
        target = await DemoTarget.StartAsync(new DemoTargetOptions(), CancellationToken.None);

    public async Task DisposeAsync() => await target.DisposeAsync();

    [Fact]
    public async Task A_successful_request_yields_its_status_latency_and_bytes()
    {
        var spec = TestPlans.Get("fast", "/fast");

        var outcome = await SendAsync(target.BaseAddress, spec);

        outcome.Request.ShouldBe("fast");
        outcome.Status.ShouldBe(200);
        outcome.Failed.ShouldBeFalse();
        outcome.FailureCategory.ShouldBeNull();
        outcome.LatencyMicros.ShouldBeGreaterThan(0);
        outcome.BytesSent.ShouldBe("GET /fast HTTP/1.1\r\n".Length + $"Host: 127.0.0.1:{target.Port}\r\n".Length + 2);
        outcome.BytesReceived.ShouldBeGreaterThan("HTTP/1.1 200 OK\r\n\r\nok".Length);
        target.TotalServed.ShouldBe(1);
    }

    [Fact]
    public async Task A_posted_body_goes_out_with_its_content_type_and_headers_and_the_whole_response_body_is_read()
    {
        var body = new string('x', 100_000);
        var spec = TestPlans.Get("echo", "/echo") with
        {
            Method = "POST",
            Body = body,
            ContentType = "application/json",
            Headers = new Dictionary<string, string> { ["X-Trace"] = "1" },
        };

        var outcome = await SendAsync(target.BaseAddress, spec);

        outcome.Status.ShouldBe(200);
        outcome.BytesSent.ShouldBeGreaterThan(100_000);
        outcome.BytesReceived.ShouldBeGreaterThan(100_000);
        outcome.BytesReceived.ShouldBeLessThan(100_500);
    }

    [Fact]
    public async Task An_unexpected_status_is_a_status_failure_with_a_short_sample()
    {
        var outcome = await SendAsync(target.BaseAddress, TestPlans.Get("broken", "/status/503"));

        outcome.Status.ShouldBe(503);
        outcome.Failed.ShouldBeTrue();
        outcome.FailureCategory.ShouldBe("status");
        outcome.FailureSample.ShouldBe("HTTP 503 GET /status/503");
    }

    [Fact]
    public async Task A_status_listed_as_expected_is_a_success()
    {
        var spec = TestPlans.Get("missing", "/status/404") with { Expect = [new StatusRange(404, 404)] };

        var outcome = await SendAsync(target.BaseAddress, spec);

        outcome.Status.ShouldBe(404);
        outcome.Failed.ShouldBeFalse();
    }

    [Fact]
    public async Task A_closed_port_is_a_refused_failure_without_status()
    {
        var outcome = await SendAsync(LocalHttp.ClosedPort(), TestPlans.Get("nobody", "/"));

        outcome.Status.ShouldBe(0);
        outcome.Failed.ShouldBeTrue();
        outcome.FailureCategory.ShouldBe("refused");
        outcome.FailureSample.ShouldBe("refused GET /");
    }

    [Fact]
    public async Task A_response_slower_than_the_request_timeout_is_a_timeout_failure()
    {
        var spec = TestPlans.Get("slow", "/work?ms=2000") with { Timeout = TimeSpan.FromMilliseconds(200) };

        var outcome = await SendAsync(target.BaseAddress, spec);

        outcome.Failed.ShouldBeTrue();
        outcome.FailureCategory.ShouldBe("timeout");
        outcome.Status.ShouldBe(0);
        outcome.LatencyMicros.ShouldBeInRange(190_000, 1_500_000);
    }

    [Fact]
    public async Task A_request_stopped_by_the_run_token_yields_no_outcome()
    {
        var spec = TestPlans.Get("slow", "/work?ms=2000");
        var plan = TestPlans.ConstantVus(target.BaseAddress, 1, TimeSpan.FromSeconds(1), spec);
        using var sender = new HttpRequestSender(plan, 1, new RunClock(DateTimeOffset.UtcNow, TimeProvider.System));
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));

        var outcome = await sender.SendAsync(spec, stop.Token);

        outcome.ShouldBeNull();
    }

    [Fact]
    public void A_request_naming_an_unknown_target_is_rejected_when_the_sender_is_created()
    {
        var plan = TestPlans.ConstantVus(target.BaseAddress, 1, TimeSpan.FromSeconds(1), TestPlans.Get("x", "/") with { Target = "elsewhere" });

        var error = Should.Throw<ArgumentException>(() => new HttpRequestSender(plan, 1, new RunClock(DateTimeOffset.UtcNow, TimeProvider.System)));

        error.Message.ShouldContain("'elsewhere'");
    }

    [Theory]
    [InlineData("http://h:1/", "/x?y=1", "http://h:1/x?y=1")]
    [InlineData("http://h:1/", "x", "http://h:1/x")]
    [InlineData("http://h:1/api", "/x", "http://h:1/api/x")]
    [InlineData("http://h:1/api/", "/x", "http://h:1/api/x")]
    public void Paths_join_the_target_base_with_one_slash(string baseUri, string path, string expected) =>
        PreparedRequest.Join(new Uri(baseUri), path).ShouldBe(new Uri(expected));

    private static async Task<RequestOutcome> SendAsync(Uri baseAddress, RequestSpec spec)
    {
        var plan = TestPlans.ConstantVus(baseAddress, 1, TimeSpan.FromSeconds(1), spec);
        using var sender = new HttpRequestSender(plan, 1, new RunClock(DateTimeOffset.UtcNow, TimeProvider.System));
        var outcome = await sender.SendAsync(spec, CancellationToken.None);
        return outcome.ShouldNotBeNull();
    }
}
