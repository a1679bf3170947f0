using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ServerlessLoad.Functions.Tests.Pipeline;
using ServerlessLoad.Functions.Tests.Support;
using ServerlessLoad.Storage.Pipeline;
using ServerlessLoad.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ServerlessLoad.Functions.Tests.Api;

/// <summary>What the API stores and shows of plans with credentials, and the budget and schedule limits at the door.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ApiSecretsTests(AzuriteFixture azurite)
{
    private const string Plan = """
        name: creds
        target: http://127.0.0.1:9
        scenarios:
          - name: s
            vus: 1
            duration: 1s
            requests:
              - name: a
                path: /a?api_key=lit-q-123456
                headers: {Authorization: "Bearer lit-b-123456", X-Api-Key: "{{secrets.KEY}}"}
              - name: b
                method: POST
                path: /b
                json: {password: lit-p-123456}
        """;

    [Fact]
    public async Task A_run_stores_its_plan_without_the_literals_and_says_what_it_masked()
    {
        using var api = new SecuredApi(azurite, "sec-run");

        using var response = await api.Client.PostAsync("/api/runs", new StringContent(Plan, Encoding.UTF8, "application/yaml"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        body.GetProperty("masked").EnumerateArray().Select(m => m.GetString()).ShouldBe(
            ["scenarios[0].requests[0].headers.Authorization", "scenarios[0].requests[0].path", "scenarios[0].requests[1].body"], ignoreOrder: true);
        var stored = await api.Factory.Services.GetRequiredService<PipelineStore>().GetPlanAsync(body.GetProperty("runId").GetString()!);
        stored!.ShouldNotContain("lit-");
        stored!.ShouldContain("{{secrets.KEY}}");
    }

    [Fact]
    public async Task Stored_plans_and_schedules_hold_and_show_no_literal()
    {
        using var api = new SecuredApi(azurite, "sec-stored");
        var name = TestNames.Queue("creds");

        (await api.Client.PutAsync($"/api/plans/{name}", new StringContent(Plan, Encoding.UTF8, "application/yaml"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        using var schedule = await api.Client.PostAsJsonAsync("/api/schedules", new { name, cron = "0 0 2 * * *", plan = Plan });

        schedule.StatusCode.ShouldBe(HttpStatusCode.Created, await schedule.Content.ReadAsStringAsync());
        (await api.Client.GetStringAsync($"/api/plans/{name}")).ShouldNotContain("lit-");
        (await api.Client.GetStringAsync("/api/schedules")).ShouldNotContain("lit-");
        (await api.Client.GetStringAsync($"/api/schedules/{name}")).ShouldContain("secrets.KEY");
    }

    [Fact]
    public async Task A_plan_over_the_budget_is_refused_naming_the_setting()
    {
        using var api = new SecuredApi(azurite, "sec-budget", new Dictionary<string, string?> { ["Sload:Limits:MaxTotalVus"] = "10" });
        var plan = Pipeline.Pipeline.PlanText(1).Replace("vus: 4", "vus: 11", StringComparison.Ordinal);

        using var response = await api.Client.PostAsync("/api/runs", new StringContent(plan, Encoding.UTF8, "application/yaml"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Sload__Limits__MaxTotalVus");
    }

    [Fact]
    public async Task A_schedule_firing_every_second_is_refused()
    {
        using var api = new SecuredApi(azurite, "sec-cron");

        using var response = await api.Client.PostAsJsonAsync("/api/schedules", new { name = TestNames.Queue("often"), cron = "* * * * * *", plan = Pipeline.Pipeline.PlanText(1) });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Sload__MinScheduleIntervalSeconds");
    }

    [Fact]
    public async Task A_host_header_override_outside_the_allow_list_is_refused()
    {
        using var api = new SecuredApi(azurite, "sec-hosthdr");
        var plan = Pipeline.Pipeline.PlanText(1).Replace("path: /fast", "path: /fast\n        headers: {Host: internal-admin}", StringComparison.Ordinal);

        using var response = await api.Client.PostAsync("/api/runs", new StringContent(plan, Encoding.UTF8, "application/yaml"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, plan);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Host header");
    }
}
