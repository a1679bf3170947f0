using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using ServerlessLoad.Functions.Tests.Pipeline;
using ServerlessLoad.Functions.Tests.Support;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Functions.Tests.Api;

/// <summary>The API stores and runs plans without any files beside them: data files must come inline.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RunsApiDataFilesTests : IDisposable
{
    private readonly WebApplicationFactory<global::Program> factory;
    private readonly HttpClient client;

    public RunsApiDataFilesTests(AzuriteFixture azurite)
    {
        factory = new WebApplicationFactory<global::Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Sload:StorageConnectionString", azurite.ConnectionString);
            b.UseSetting("Sload:ApiKey", TestApiKey.Value);
            b.UseSetting("Sload:Queues:RunRequests", TestNames.Queue("files-runreq"));
            b.UseSetting("Sload:Queues:Slices", TestNames.Queue("files-slices"));
            b.UseSetting("Sload:Queues:SliceEvents", TestNames.Queue("files-events"));
            b.UseSetting("Sload:Queues:Reports", TestNames.Queue("files-reports"));
        });
        client = factory.CreateClient().Authorize();
    }

    public void Dispose()
    {
        client.Dispose();
        factory.Dispose();
    }

    [Fact]
    public async Task A_plan_naming_a_data_file_is_a_problem_asking_for_inline_rows()
    {
        using var response = await client.PostAsync("/api/runs", new StringContent("""
            name: files
            target: http://127.0.0.1:5080
            scenarios:
              - name: s
                vus: 1
                duration: 1s
                data:
                  users: {file: users.csv}
                steps:
                  - http: {name: login, path: "/login?u={{users.user}}"}
            """, Encoding.UTF8, "application/yaml"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = problem.RootElement.GetProperty("errors").EnumerateArray().ShouldHaveSingleItem();
        error.GetProperty("field").GetString().ShouldBe("scenarios[0].data.users.file");
        error.GetProperty("line").GetInt32().ShouldBe(8);
        error.GetProperty("message").GetString()!.ShouldContain("inline the rows with 'values:' or submit the plan with the CLI");
    }
}
