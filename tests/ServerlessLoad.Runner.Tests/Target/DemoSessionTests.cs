using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ServerlessLoad.Cli.Target;
using ServerlessLoad.Runner.Tests.Support;

namespace ServerlessLoad.Runner.Tests.Target;

/// <summary>The demo target's login flow, which examples/journey.yaml walks through.</summary>
public sealed class DemoSessionTests : IAsyncLifetime
{
    private DemoTarget target = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        target = await DemoTarget.StartAsync(new DemoTargetOptions(), CancellationToken.None);
        client = LocalHttp.Client(target.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await target.DisposeAsync();
    }

    [Fact]
    public async Task Login_answers_a_token_a_session_header_and_a_cookie()
    {
        using var response = await LoginAsync("ann");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        body.RootElement.GetProperty("user").GetString().ShouldBe("ann");
        var token = body.RootElement.GetProperty("token").GetString()!;
        response.Headers.GetValues("X-Session").ShouldBe([token]);
        response.Headers.GetValues("Set-Cookie").Single().ShouldStartWith($"session={token}");
    }

    [Fact]
    public async Task Me_answers_the_user_of_a_bearer_token()
    {
        using var login = await LoginAsync("bob ü");
        var token = JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("""{"user":"bob \u00FC"}""");
    }

    [Fact]
    public async Task Me_without_a_token_is_unauthorized()
    {
        using var response = await client.GetAsync("/me");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("not json")]
    [InlineData("""{"user": 5}""")]
    public async Task Login_without_a_user_is_a_bad_request(string body)
    {
        using var response = await client.PostAsync("/login", new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private Task<HttpResponseMessage> LoginAsync(string user) =>
        client.PostAsync("/login", new StringContent(JsonSerializer.Serialize(new { user }), Encoding.UTF8, "application/json"));
}
