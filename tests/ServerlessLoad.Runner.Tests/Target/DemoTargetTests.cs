using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ServerlessLoad.Cli.Target;
using ServerlessLoad.Runner.Tests.Support;

namespace ServerlessLoad.Runner.Tests.Target;

public sealed class DemoTargetTests : IAsyncLifetime
{
    private DemoTarget target = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        target = await DemoTarget.StartAsync(new DemoTargetOptions { Latency = LatencyDistribution.Parse("fixed:60ms"), Seed = 1 }, CancellationToken.None);
        client = LocalHttp.Client(target.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await target.DisposeAsync();
    }

    [Fact]
    public void It_listens_on_a_free_loopback_port()
    {
        target.Port.ShouldBeGreaterThan(0);
        target.BaseAddress.ShouldBe(new Uri($"http://127.0.0.1:{target.Port}/"));
    }

    [Fact]
    public async Task Fast_answers_ok_as_text()
    {
        using var response = await client.GetAsync("/fast");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        (await response.Content.ReadAsStringAsync()).ShouldBe("ok");
    }

    [Fact]
    public async Task Work_waits_for_the_configured_latency_and_answers_json()
    {
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync("/work");
        var body = await response.Content.ReadAsStringAsync();

        watch.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(55));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        body.ShouldBe("""{"ok":true}""");
    }

    [Fact]
    public async Task Work_with_ms_waits_exactly_that_long_instead()
    {
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync("/work?ms=250");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        watch.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(245));
    }

    [Fact]
    public async Task Work_rejects_a_malformed_ms()
    {
        using var response = await client.GetAsync("/work?ms=soon");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Echo_returns_a_posted_json_body_with_its_content_type()
    {
        using var content = new StringContent("""{"hello":"world"}""", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/echo", content);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().ShouldBe("application/json; charset=utf-8");
        (await response.Content.ReadAsStringAsync()).ShouldBe("""{"hello":"world"}""");
    }

    [Fact]
    public async Task Echo_answers_a_get_without_body_with_an_empty_body()
    {
        using var response = await client.GetAsync("/echo");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(200)]
    [InlineData(201)]
    [InlineData(204)]
    [InlineData(304)]
    [InlineData(404)]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(599)]
    public async Task Status_answers_with_the_requested_code(int code)
    {
        using var response = await client.GetAsync($"/status/{code}");

        ((int)response.StatusCode).ShouldBe(code);
    }

    [Theory]
    [InlineData("99")]
    [InlineData("600")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("")]
    public async Task Status_rejects_codes_outside_100_to_599(string code)
    {
        using var response = await client.GetAsync($"/status/{code}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Unknown_paths_are_not_found_and_wrong_methods_not_allowed()
    {
        using var missing = await client.GetAsync("/nope");
        using var wrongMethod = await client.PostAsync("/fast", null);

        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        wrongMethod.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        wrongMethod.Content.Headers.Allow.ShouldBe(["GET"]);
    }

    [Fact]
    public async Task Stall_holds_the_first_request_and_every_request_arriving_in_its_window_until_the_window_ends()
    {
        var watch = Stopwatch.StartNew();
        var opener = TimedGetAsync("/stall?at=0&for=800", watch);
        await Task.Delay(300);
        var inWindow = TimedGetAsync("/stall?at=0&for=800", watch);

        var (openerStatus, openerDone) = await opener;
        var (inWindowStatus, inWindowDone) = await inWindow;
        var afterWindowStart = watch.Elapsed;
        var (afterStatus, afterDone) = await TimedGetAsync("/stall?at=0&for=800", watch);

        openerStatus.ShouldBe(HttpStatusCode.OK);
        inWindowStatus.ShouldBe(HttpStatusCode.OK);
        afterStatus.ShouldBe(HttpStatusCode.OK);
        openerDone.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(790));
        (inWindowDone - openerDone).Duration().ShouldBeLessThan(TimeSpan.FromMilliseconds(150));
        (afterDone - afterWindowStart).ShouldBeLessThan(TimeSpan.FromMilliseconds(400));
    }

    [Fact]
    public async Task Stall_answers_at_once_before_its_start_second()
    {
        var watch = Stopwatch.StartNew();
        var (status, done) = await TimedGetAsync("/stall?at=3600&for=5000", watch);

        status.ShouldBe(HttpStatusCode.OK);
        done.ShouldBeLessThan(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Stall_rejects_missing_parameters()
    {
        using var response = await client.GetAsync("/stall?at=1");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Stats_count_served_requests_per_path_without_the_query_and_without_themselves()
    {
        for (var i = 0; i < 3; i++)
        {
            (await client.GetAsync("/fast")).Dispose();
        }

        (await client.GetAsync("/status/500")).Dispose();
        (await client.GetAsync("/work?ms=1")).Dispose();
        (await client.GetAsync("/work?ms=2")).Dispose();
        (await client.GetAsync("/__stats")).Dispose();

        var stats = await client.GetFromJsonAsync<JsonElement>("/__stats");

        stats.GetProperty("total").GetInt64().ShouldBe(6);
        var paths = stats.GetProperty("paths").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        paths.ShouldBe(new Dictionary<string, long> { ["/fast"] = 3, ["/status/500"] = 1, ["/work"] = 2 }, ignoreOrder: true);
        target.TotalServed.ShouldBe(6);
        target.ServedByPath().ShouldBe(paths, ignoreOrder: true);
    }

    [Fact]
    public async Task Stats_reset_zeroes_the_counts()
    {
        (await client.GetAsync("/fast")).Dispose();

        using var reset = await client.PostAsync("/__stats/reset", null);
        var stats = await client.GetFromJsonAsync<JsonElement>("/__stats");

        reset.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        stats.GetProperty("total").GetInt64().ShouldBe(0);
        stats.GetProperty("paths").EnumerateObject().ShouldBeEmpty();
        target.TotalServed.ShouldBe(0);
    }

    [Fact]
    public async Task A_request_abandoned_by_its_client_before_the_response_is_not_counted()
    {
        // The client leaves well after the target has the request: a client that leaves before the target even reads
        // the request cannot be told apart from one that waits.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        await Should.ThrowAsync<OperationCanceledException>(() => client.GetAsync("/work?ms=3000", timeout.Token));
        await Task.Delay(3000);

        target.TotalServed.ShouldBe(0);
    }

    [Fact]
    public async Task Two_targets_started_with_port_zero_get_different_ports()
    {
        await using var other = await DemoTarget.StartAsync(new DemoTargetOptions(), CancellationToken.None);

        other.Port.ShouldNotBe(target.Port);
    }

    private async Task<(HttpStatusCode Status, TimeSpan Done)> TimedGetAsync(string path, Stopwatch watch)
    {
        using var response = await client.GetAsync(path);
        await response.Content.ReadAsStringAsync();
        return (response.StatusCode, watch.Elapsed);
    }
}
