using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using ServerlessLoad.Functions.Tests.Pipeline;
using ServerlessLoad.Functions.Tests.Support;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Functions.Tests.Api;

/// <summary>The API refuses a plan whose busiest slice has more browser VUs than the runners' cap setting allows.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RunsApiBrowserCapTests : IDisposable
{
    private const string Plan = """
        name: shop
        target: http://127.0.0.1:5080
        slices: 2
        scenarios:
          - name: buyers
            vus: 5
            duration: 1s
            steps:
              - browser: {name: home, actions: [{goto: /shop}]}
        """;

    private readonly WebApplicationFactory<global::Program> factory;
    private readonly HttpClient client;

    public RunsApiBrowserCapTests(AzuriteFixture azurite)
    {
        factory = new WebApplicationFactory<global::Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Sload:StorageConnectionString", azurite.ConnectionString);
            b.UseSetting("Sload:ApiKey", TestApiKey.Value);
            b.UseSetting("Sload:MaxBrowserVusPerRunner", "2");
            b.UseSetting("Sload:Queues:RunRequests", TestNames.Queue("cap-runreq"));
            b.UseSetting("Sload:Queues:Slices", TestNames.Queue("cap-slices"));
            b.UseSetting("Sload:Queues:SliceEvents", TestNames.Queue("cap-events"));
            b.UseSetting("Sload:Queues:Reports", TestNames.Queue("cap-reports"));
        });
        client = factory.CreateClient().Authorize();
    }

    public void Dispose()
    {
        client.Dispose();
        factory.Dispose();
    }

    [Fact]
    public async Task A_plan_above_the_cap_is_a_problem_on_its_vus_naming_the_slices_it_needs()
    {
        using var response = await client.PostAsync("/api/runs", new StringContent(Plan, Encoding.UTF8, "application/yaml"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = problem.RootElement.GetProperty("errors").EnumerateArray().ShouldHaveSingleItem();
        error.GetProperty("field").GetString().ShouldBe("scenarios[0].vus");
        error.GetProperty("line").GetInt32().ShouldBe(6);
        error.GetProperty("message").GetString().ShouldBe(
            "slice 1 of 2 would run 3 browser VUs at once (buyers: 3), above the per-runner cap of 2 browser VUs (setting Sload:MaxBrowserVusPerRunner): set slices to at least 3, or lower the browser VUs");
    }

    [Fact]
    public async Task The_same_plan_over_enough_slices_is_accepted()
    {
        using var response = await client.PostAsync("/api/runs", new StringContent(Plan.Replace("slices: 2", "slices: 3", StringComparison.Ordinal), Encoding.UTF8, "application/yaml"));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }
}
