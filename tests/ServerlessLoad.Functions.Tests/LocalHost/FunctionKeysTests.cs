using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using ServerlessLoad.Functions.Tests.Pipeline;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Functions.Tests.LocalHost;

/// <summary>The local host checks function keys as the Functions host does: header or code parameter, not for anonymous functions.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class FunctionKeysTests : IDisposable
{
    private const string Key = "a-key-of-this-stack";
    private readonly WebApplicationFactory<global::Program> factory;
    private readonly HttpClient client;

    public FunctionKeysTests(AzuriteFixture azurite)
    {
        factory = new WebApplicationFactory<global::Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Sload:StorageConnectionString", azurite.ConnectionString);
            b.UseSetting("Sload:ApiKey", Key);
            b.UseSetting("Sload:Queues:RunRequests", TestNames.Queue("keys-runreq"));
            b.UseSetting("Sload:Queues:Slices", TestNames.Queue("keys-slices"));
            b.UseSetting("Sload:Queues:SliceEvents", TestNames.Queue("keys-events"));
            b.UseSetting("Sload:Queues:Reports", TestNames.Queue("keys-reports"));
        });
        client = factory.CreateClient();
    }

    public void Dispose()
    {
        client.Dispose();
        factory.Dispose();
    }

    [Fact]
    public async Task A_function_level_route_answers_401_without_the_key_and_serves_with_it()
    {
        using var none = await client.GetAsync(new Uri("/api/runs", UriKind.Relative));
        using var wrong = await Send("/api/runs", "not-the-key");
        using var header = await Send("/api/runs", Key);
        using var query = await client.GetAsync(new Uri($"/api/runs?code={Key}", UriKind.Relative));

        none.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await none.Content.ReadAsStringAsync()).ShouldBeEmpty();
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        header.StatusCode.ShouldBe(HttpStatusCode.OK);
        query.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_anonymous_health_route_needs_no_key()
    {
        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        health.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private Task<HttpResponseMessage> Send(string path, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Add("x-functions-key", key);
        return client.SendAsync(request);
    }
}
