using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Functions.BuildReport;
using ServerlessLoad.Functions.Tests.Pipeline;
using ServerlessLoad.Functions.Tests.Support;
using ServerlessLoad.Reports.Charts;
using ServerlessLoad.Reports.Publishing;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Functions.Tests.Api;

[Collection(AzuriteCollection.Name)]
public sealed class RunsApiTests : IDisposable
{
    private readonly WebApplicationFactory<global::Program> factory;
    private readonly HttpClient client;
    private readonly AzuriteFixture azurite;

    public RunsApiTests(AzuriteFixture azurite)
    {
        this.azurite = azurite;
        factory = new WebApplicationFactory<global::Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Sload:StorageConnectionString", azurite.ConnectionString);
            b.UseSetting("Sload:ApiKey", TestApiKey.Value);
            b.UseSetting("Sload:Queues:RunRequests", TestNames.Queue("api-runreq"));
            b.UseSetting("Sload:Queues:Slices", TestNames.Queue("api-slices"));
            b.UseSetting("Sload:Queues:SliceEvents", TestNames.Queue("api-events"));
            b.UseSetting("Sload:Queues:Reports", TestNames.Queue("api-reports"));
        });
        client = factory.CreateClient().Authorize();
    }

    public void Dispose()
    {
        client.Dispose();
        factory.Dispose();
    }

    [Fact]
    public async Task An_invalid_plan_gets_a_problem_listing_every_problem()
    {
        using var response = await client.PostAsync("/api/runs", new StringContent("""
            name: bad
            target: http://127.0.0.1:5080
            scenarios:
              - name: s
                vus: 0
                duration: -1s
                requests:
                  - path: nope
            """, Encoding.UTF8, "application/yaml"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors").EnumerateArray().ToList();
        errors.Count.ShouldBeGreaterThanOrEqualTo(3);
        errors.Select(e => e.GetProperty("field").GetString()).ShouldContain("scenarios[0].vus");
        errors.Single(e => e.GetProperty("field").GetString() == "scenarios[0].vus").GetProperty("line").GetInt32().ShouldBe(5);
    }

    [Fact]
    public async Task A_plan_aimed_at_a_host_nobody_allowed_is_refused()
    {
        using var response = await client.PostAsync("/api/runs", new StringContent(Pipeline.Pipeline.PlanText(1).Replace("127.0.0.1:9", "example.invalid", StringComparison.Ordinal), Encoding.UTF8, "application/yaml"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("not an allowed target");
    }

    [Fact]
    public async Task A_valid_plan_is_accepted_with_its_location_and_shows_up_in_the_list()
    {
        using var response = await client.PostAsync("/api/runs", new StringContent(Pipeline.Pipeline.PlanText(2), Encoding.UTF8, "application/yaml"));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var runId = body.GetProperty("runId").GetString()!;
        body.GetProperty("status").GetString().ShouldBe("queued");
        response.Headers.Location!.ToString().ShouldBe($"/api/runs/{runId}");

        var run = await client.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}");
        run.GetProperty("name").GetString().ShouldBe("unit");
        run.GetProperty("slices").GetProperty("total").GetInt32().ShouldBe(2);

        var list = await client.GetFromJsonAsync<JsonElement>("/api/runs?top=500");
        list.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("runId").GetString()).ShouldContain(runId);
    }

    [Fact]
    public async Task Unknown_runs_and_artifacts_are_404_problems()
    {
        (await client.GetAsync("/api/runs/nope")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync("/api/runs/nope/artifacts")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync("/api/runs/nope/artifacts/report.json")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync("/api/runs/nope/artifacts.zip")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_reports_charts_download_as_the_pngs_its_markdown_links()
    {
        var pipeline = new Pipeline.Pipeline(azurite);
        await pipeline.Store.EnsureCreatedAsync();
        var runId = await pipeline.ReportableRunAsync();
        var report = factory.Services.GetRequiredService<BuildReportFunction>();
        await report.RunAsync(new ReportMessage(runId), default);

        var markdown = await client.GetStringAsync($"/api/runs/{runId}/artifacts/report.md");

        var links = await PublishedCharts.AssertAllAsync(markdown, async link =>
        {
            using var response = await client.GetAsync($"/api/runs/{runId}/artifacts/{link}");
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
            return await response.Content.ReadAsByteArrayAsync();
        });
        var listed = await client.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/artifacts");
        var names = listed.GetProperty("artifacts").EnumerateArray().Select(a => a.GetProperty("name").GetString()).ToList();
        names.ShouldContain(ReportArtifacts.ChartsFolder + ChartSet.LatencyPercentilesFile);
        links.ShouldAllBe(link => names.Contains(link));
    }

    [Fact]
    public async Task Health_answers_ok() =>
        (await client.GetAsync("/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);
}
