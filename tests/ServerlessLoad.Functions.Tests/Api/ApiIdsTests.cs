using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Functions.Tests.Pipeline;
using ServerlessLoad.Functions.Tests.Support;
using ServerlessLoad.Storage.Pipeline;
using ServerlessLoad.Storage.Schedules;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Functions.Tests.Api;

/// <summary>Every id and name is checked at the edge: 400 or 404, never 500, and nothing odd reaches storage.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ApiIdsTests(AzuriteFixture azurite)
{
    public static TheoryData<string> BadRunIds => new()
    {
        "a%23b", "a%3Fb", "a%5Cb", "a%0Db", "a%0Ab", "..", "-leading", "a.b", new string('r', 5000),
    };

    [Theory]
    [MemberData(nameof(BadRunIds))]
    public async Task A_malformed_run_id_is_400_on_every_run_route(string runId)
    {
        using var api = new SecuredApi(azurite, "ids");
        foreach (var (method, path) in new[]
        {
            ("GET", $"/api/runs/{runId}"), ("POST", $"/api/runs/{runId}/cancel"), ("GET", $"/api/runs/{runId}/artifacts"),
            ("GET", $"/api/runs/{runId}/artifacts.zip"), ("GET", $"/api/runs/{runId}/artifacts/report.json"),
            ("POST", $"/api/runs/{runId}/report/rebuild"),
        })
        {
            using var response = await api.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

            ((int)response.StatusCode).ShouldBeOneOf([400, 404], $"{method} {path}");
        }

        api.Logs.Lines.ShouldNotContain(l => l.Level >= LogLevel.Error);
    }

    [Theory]
    [InlineData("report.json.")]
    [InlineData("charts/")]
    [InlineData("charts//x.png")]
    [InlineData("..%2Freport.json")]
    [InlineData(".hidden")]
    [InlineData("a%0Db")]
    public async Task A_malformed_artifact_name_is_400(string name)
    {
        using var api = new SecuredApi(azurite, "art");

        using var response = await api.Client.GetAsync($"/api/runs/20260101-000000-abcdef/artifacts/{name}");

        ((int)response.StatusCode).ShouldBeOneOf([400, 404]);
        api.Logs.Lines.ShouldNotContain(l => l.Level >= LogLevel.Error);
    }

    [Theory]
    [InlineData("a%0Db")]
    [InlineData("UPPER")]
    public async Task A_malformed_schedule_or_plan_name_is_400_or_404_on_every_route(string name)
    {
        using var api = new SecuredApi(azurite, "names");
        var json = new StringContent("""{"cron":"0 0 2 * * *","planName":"p"}""", Encoding.UTF8, "application/json");
        foreach (var request in new[]
        {
            new HttpRequestMessage(HttpMethod.Get, $"/api/schedules/{name}"),
            new HttpRequestMessage(HttpMethod.Put, $"/api/schedules/{name}") { Content = json },
            new HttpRequestMessage(HttpMethod.Delete, $"/api/schedules/{name}"),
            new HttpRequestMessage(HttpMethod.Post, $"/api/schedules/{name}/run-now"),
            new HttpRequestMessage(HttpMethod.Get, $"/api/plans/{name}"),
            new HttpRequestMessage(HttpMethod.Put, $"/api/plans/{name}") { Content = new StringContent("name: x", Encoding.UTF8, "application/yaml") },
            new HttpRequestMessage(HttpMethod.Delete, $"/api/plans/{name}"),
        })
        {
            using var response = await api.Client.SendAsync(request);

            ((int)response.StatusCode).ShouldBeOneOf([400, 404], $"{request.Method} {request.RequestUri}");
        }

        api.Logs.Lines.ShouldNotContain(l => l.Level >= LogLevel.Error);
    }

    [Theory]
    [InlineData("schedule")]
    [InlineData("direct")]
    [InlineData("<script>alert(1)</script>")]
    public async Task A_client_may_not_declare_a_trigger_of_the_pipeline_or_anything_else(string trigger)
    {
        using var api = new SecuredApi(azurite, "trigger");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = new StringContent(Pipeline.Pipeline.PlanText(1), Encoding.UTF8, "application/yaml") };
        request.Headers.TryAddWithoutValidation("X-Sload-Trigger", trigger);

        using var response = await api.Client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_long_trigger_is_refused_and_ci_is_recorded()
    {
        using var api = new SecuredApi(azurite, "trigger2");
        using var longOne = new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = new StringContent(Pipeline.Pipeline.PlanText(1), Encoding.UTF8, "application/yaml") };
        longOne.Headers.TryAddWithoutValidation("X-Sload-Trigger", new string('x', 31_000));
        using var ci = new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = new StringContent(Pipeline.Pipeline.PlanText(1), Encoding.UTF8, "application/yaml") };
        ci.Headers.Add("X-Sload-Trigger", "ci");

        (await api.Client.SendAsync(longOne)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var accepted = await api.Client.SendAsync(ci);
        accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var runId = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement.GetProperty("runId").GetString()!;
        using var run = JsonDocument.Parse(await api.Client.GetStringAsync($"/api/runs/{runId}"));
        run.RootElement.GetProperty("trigger").GetString().ShouldBe("ci");
    }

    [Theory]
    [InlineData("../../x")]
    [InlineData("a/b")]
    [InlineData("x%0Dy")]
    public async Task A_baseline_that_is_no_run_id_is_400_in_the_header_and_in_the_plan(string baseline)
    {
        using var api = new SecuredApi(azurite, "base");
        using var header = new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = new StringContent(Pipeline.Pipeline.PlanText(1), Encoding.UTF8, "application/yaml") };
        header.Headers.TryAddWithoutValidation("X-Sload-Baseline", baseline);
        var inPlan = Pipeline.Pipeline.PlanText(1) + $"baseline: \"{baseline}\"\n";

        using var byHeader = await api.Client.SendAsync(header);
        using var byPlan = await api.Client.PostAsync("/api/runs", new StringContent(inPlan, Encoding.UTF8, "application/yaml"));

        byHeader.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        byPlan.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await byPlan.Content.ReadAsStringAsync()).ShouldContain("baseline");
    }

    [Fact]
    public async Task Cancelling_a_finished_run_is_409_with_the_run_status_under_its_own_key()
    {
        using var api = new SecuredApi(azurite, "cancel");
        var store = api.Factory.Services.GetRequiredService<PipelineStore>();
        var runId = $"20260101-000000-{Guid.NewGuid():N}"[..22];
        await store.CreateRunAsync(new RunRecord { RunId = runId, PlanName = "done", Status = RunStatus.Passed, CreatedAt = DateTimeOffset.UtcNow, Trigger = "api", SliceCount = 1 });

        using var response = await api.Client.PostAsync($"/api/runs/{runId}/cancel", null);
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        System.Text.RegularExpressions.Regex.Count(text, "\"status\"").ShouldBe(1);
        JsonDocument.Parse(text).RootElement.GetProperty("runStatus").GetString().ShouldBe("passed");
    }

    [Fact]
    public async Task An_unexpected_failure_is_a_generic_problem_and_one_clean_log_line()
    {
        // A schedules table the storage refuses to name: every read of it throws.
        using var api = new SecuredApi(azurite, "boom", services: services =>
        {
            services.RemoveAll<ScheduleStore>();
            services.AddSingleton(sp => new ScheduleStore(sp.GetRequiredService<PipelineStore>().Clients, "bad_table\r\nname"));
            // Without the storage initializer and the triggers (the web host's own service stays).
            foreach (var hosted in services.Where(d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService)
                && (d.ImplementationType is null || d.ImplementationType.Assembly.GetName().Name!.StartsWith("ServerlessLoad", StringComparison.Ordinal))).ToList())
            {
                services.Remove(hosted);
            }
        });

        using var response = await api.Client.GetAsync("/api/schedules");
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        text.ShouldContain("An unexpected error occurred");
        text.ShouldNotContain("bad_table");
        text.ShouldNotContain(" at ");
        var errors = api.Logs.Lines.Where(l => l.Level >= LogLevel.Error).ToList();
        var line = errors.ShouldHaveSingleItem();
        line.Exception.ShouldBeNull();
        line.Message.ShouldNotContain("\r");
        line.Message.ShouldNotContain("\n");
    }
}
