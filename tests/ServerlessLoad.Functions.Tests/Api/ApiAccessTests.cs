using System.Net;
using System.Text;
using Microsoft.Azure.Functions.Worker;
using ServerlessLoad.Functions.Hosting;
using ServerlessLoad.Functions.Tests.Pipeline;
using ServerlessLoad.Functions.Tests.Support;
using ServerlessLoad.LocalHost;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Functions.Tests.Api;

/// <summary>Who gets in: keys on every function but /healthz, only this API's host names, no CORS unless configured.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ApiAccessTests(AzuriteFixture azurite)
{
    private static readonly IReadOnlyList<HttpBinding> Routes = FunctionCatalog.Read(typeof(ServerlessLoadServices).Assembly)
        .Select(f => f.Trigger)
        .OfType<HttpBinding>()
        .ToList();

    [Fact]
    public void Every_http_function_but_health_is_at_function_level()
    {
        Routes.Count.ShouldBeGreaterThan(15);
        Routes.Where(r => r.Level != AuthorizationLevel.Function).Select(r => r.Route).ShouldBe(["healthz"]);
        Routes.Single(r => r.Route == "healthz").Level.ShouldBe(AuthorizationLevel.Anonymous);
    }

    [Fact]
    public async Task Every_function_answers_401_with_no_body_without_the_key_or_with_a_wrong_one()
    {
        using var api = new SecuredApi(azurite, "keys");
        foreach (var route in Routes.Where(r => r.Level == AuthorizationLevel.Function))
        {
            var path = "/" + route.Route.Replace("{runId}", "20260101-000000-abcdef", StringComparison.Ordinal)
                .Replace("{*name}", "report.json", StringComparison.Ordinal)
                .Replace("{name}", "nightly", StringComparison.Ordinal);
            foreach (var method in route.Methods)
            {
                using var none = await api.Anonymous.SendAsync(Request(method, path));
                using var wrong = await api.Anonymous.SendAsync(Request(method, path, key: "not-the-key"));

                none.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"{method} {path}");
                (await none.Content.ReadAsStringAsync()).ShouldBeEmpty();
                wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"{method} {path}");
            }
        }
    }

    [Fact]
    public async Task The_key_is_accepted_in_the_header_and_as_the_code_parameter()
    {
        using var api = new SecuredApi(azurite, "keysok");

        using var header = await api.Anonymous.SendAsync(Request("GET", "/api/runs", key: TestApiKey.Value));
        using var query = await api.Anonymous.GetAsync($"/api/runs?code={TestApiKey.Value}");

        header.StatusCode.ShouldBe(HttpStatusCode.OK);
        query.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_host_without_a_configured_key_is_closed_rather_than_open()
    {
        using var api = new SecuredApi(azurite, "nokey", new Dictionary<string, string?> { ["Sload:ApiKey"] = "" });

        (await api.Client.GetAsync("/api/runs")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await api.Client.GetAsync("/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);
        api.Logs.Lines.ShouldContain(l => l.Message.Contains("No API key is set", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Health_is_open_and_says_nothing_else()
    {
        using var api = new SecuredApi(azurite, "health");

        using var health = await api.Anonymous.GetAsync("/healthz");

        health.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await health.Content.ReadAsStringAsync()).ShouldBe("""{"status":"ok"}""");
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:7071")]
    [InlineData("127.0.0.1.nip.io")]
    [InlineData("localhost.evil.example")]
    public async Task A_request_for_another_host_name_is_refused_before_anything_runs(string host)
    {
        using var api = new SecuredApi(azurite, "host");
        using var request = Request("GET", "/api/runs", key: TestApiKey.Value);
        request.Headers.Host = host;

        using var response = await api.Anonymous.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Unknown host");
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1:7071")]
    [InlineData("[::1]:7071")]
    [InlineData("loadtest.example.com")]
    public async Task Loopback_names_and_configured_ones_are_served(string host)
    {
        using var api = new SecuredApi(azurite, "hostok", new Dictionary<string, string?> { ["Sload:AllowedHosts"] = "loadtest.example.com" });
        using var request = Request("GET", "/api/runs", key: TestApiKey.Value);
        request.Headers.Host = host;

        (await api.Anonymous.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Every_response_carries_nosniff_a_restrictive_csp_and_no_cors_grant()
    {
        using var api = new SecuredApi(azurite, "headers");
        foreach (var (path, key) in new[] { ("/healthz", (string?)null), ("/api/runs", TestApiKey.Value), ("/api/runs", null), ("/api/nothing-here", TestApiKey.Value) })
        {
            using var request = Request("GET", path, key);
            request.Headers.Add("Origin", "https://evil.example");

            using var response = await api.Anonymous.SendAsync(request);

            response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"], path);
            var csp = response.Headers.GetValues("Content-Security-Policy").ShouldHaveSingleItem();
            csp.ShouldStartWith("default-src 'none'");
            csp.ShouldContain("frame-ancestors 'none'");
            response.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
        }
    }

    [Fact]
    public async Task A_configured_origin_gets_a_cors_grant_and_others_do_not()
    {
        using var api = new SecuredApi(azurite, "cors", new Dictionary<string, string?> { ["Sload:CorsOrigins"] = "https://dash.example" });
        using var allowed = Request("OPTIONS", "/api/runs");
        allowed.Headers.Add("Origin", "https://dash.example");
        allowed.Headers.Add("Access-Control-Request-Method", "POST");
        allowed.Headers.Add("Access-Control-Request-Headers", "x-functions-key,content-type");
        using var other = Request("OPTIONS", "/api/runs");
        other.Headers.Add("Origin", "https://evil.example");
        other.Headers.Add("Access-Control-Request-Method", "POST");

        using var granted = await api.Anonymous.SendAsync(allowed);
        using var refused = await api.Anonymous.SendAsync(other);

        granted.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["https://dash.example"]);
        refused.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/yaml; charset=latin1")]
    public async Task A_plan_in_a_media_type_a_browser_form_can_send_is_415(string mediaType)
    {
        using var api = new SecuredApi(azurite, "media");
        using var content = new StringContent(Pipeline.Pipeline.PlanText(1), Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(mediaType);

        using var runs = await api.Client.PostAsync("/api/runs", content);
        using var plans = await api.Client.PutAsync("/api/plans/media", content);

        runs.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        plans.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        runs.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Theory]
    [InlineData("application/yaml")]
    [InlineData("application/x-yaml")]
    [InlineData("text/yaml; charset=utf-8")]
    [InlineData("application/json")]
    public async Task A_plan_is_accepted_as_yaml_or_json(string mediaType)
    {
        using var api = new SecuredApi(azurite, "mediaok");
        using var content = new StringContent(Pipeline.Pipeline.PlanText(1), Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(mediaType);

        using var response = await api.Client.PostAsync("/api/runs", content);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_schedule_sent_as_text_is_415()
    {
        using var api = new SecuredApi(azurite, "smedia");

        using var response = await api.Client.PostAsync("/api/schedules", new StringContent("{}", Encoding.UTF8, "text/plain"));

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
    }

    private static HttpRequestMessage Request(string method, string path, string? key = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }

        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return request;
    }
}
