using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ServerlessLoad.Functions.Tests.Pipeline;
using ServerlessLoad.Functions.Tests.Support;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Functions.Tests.Api;

/// <summary>Limits that hold whatever the framing, and errors that never grow with the input.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ApiLimitsTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("/api/runs", "POST", 20 * 1024 * 1024)]
    [InlineData("/api/runs", "POST", 35 * 1024 * 1024)]
    [InlineData("/api/plans/big", "PUT", 20 * 1024 * 1024)]
    public async Task A_chunked_plan_over_one_mebibyte_is_413_after_reading_little_more(string path, string method, long size)
    {
        using var api = new SecuredApi(azurite, "chunked");
        using var content = new StreamedContent(size, "application/yaml");
        var clock = Stopwatch.StartNew();

        using var response = await api.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = content });

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadAsStringAsync()).Length.ShouldBeLessThan(1000);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_plan_just_over_one_mebibyte_with_a_length_is_413_and_one_just_under_is_read()
    {
        using var api = new SecuredApi(azurite, "length");
        var under = new string('#', 1024 * 1024 - 1) + "\n";
        var over = new string('#', 1024 * 1024) + "\n";

        using var small = await api.Client.PostAsync("/api/runs", new StringContent(under, Encoding.UTF8, "application/yaml"));
        using var large = await api.Client.PostAsync("/api/runs", new StringContent(over, Encoding.UTF8, "application/yaml"));

        small.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        large.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_chunked_schedule_over_256_kibibytes_is_413_with_a_short_answer()
    {
        using var api = new SecuredApi(azurite, "sched");
        using var content = new StreamedContent(20 * 1024 * 1024, "application/json", "{\"name\":\"" + new string('a', 100));

        using var response = await api.Client.PostAsync("/api/schedules", content);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadAsStringAsync()).Length.ShouldBeLessThan(1000);
    }

    [Fact]
    public async Task Errors_echo_at_most_a_short_clean_piece_of_the_input()
    {
        using var api = new SecuredApi(azurite, "echo");
        var name = new string('N', 50_000) + "\r\nInjected: yes";

        using var response = await api.Client.PostAsJsonAsync("/api/schedules", new { name, cron = name, timeZone = name, planName = name });
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        text.Length.ShouldBeLessThan(5000);
        text.ShouldNotContain(new string('N', 201));
        text.ShouldNotContain("\r");
        using var problem = JsonDocument.Parse(text);
        problem.RootElement.GetProperty("errors").EnumerateArray().ShouldAllBe(e => e.GetProperty("message").GetString()!.Length <= 300);
    }

    [Fact]
    public async Task A_plan_with_thousands_of_problems_lists_fifty_and_counts_the_rest()
    {
        using var api = new SecuredApi(azurite, "many");
        var plan = new StringBuilder("name: many\ntarget: http://127.0.0.1:5080\nscenarios:\n");
        for (var i = 0; i < 3000; i++)
        {
            plan.Append("  - {name: s").Append(i).Append(", vus: 0, duration: 1s, requests: [{path: /x").Append(i).Append("}]}\n");
        }

        using var response = await api.Client.PostAsync("/api/runs", new StringContent(plan.ToString(), Encoding.UTF8, "application/yaml"));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        problem.RootElement.GetProperty("errors").GetArrayLength().ShouldBe(50);
        problem.RootElement.GetProperty("moreErrors").GetInt32().ShouldBeGreaterThan(2900);
    }
}
