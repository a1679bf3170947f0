using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using ServerlessLoad.Functions.Tests.Pipeline;
using ServerlessLoad.Functions.Tests.Schedules;
using ServerlessLoad.Functions.Tests.Support;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Functions.Tests.Api;

[Collection(AzuriteCollection.Name)]
public sealed class SchedulesApiTests : IDisposable
{
    private readonly WebApplicationFactory<global::Program> factory;
    private readonly HttpClient client;

    public SchedulesApiTests(AzuriteFixture azurite)
    {
        factory = new WebApplicationFactory<global::Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Sload:StorageConnectionString", azurite.ConnectionString);
            b.UseSetting("Sload:ApiKey", TestApiKey.Value);
            b.UseSetting("Sload:Queues:RunRequests", TestNames.Queue("sapi-runreq"));
            b.UseSetting("Sload:Queues:Slices", TestNames.Queue("sapi-slices"));
            b.UseSetting("Sload:Queues:SliceEvents", TestNames.Queue("sapi-events"));
            b.UseSetting("Sload:Queues:Reports", TestNames.Queue("sapi-reports"));
            b.UseSetting("Sload:SchedulesTable", TestNames.Table("ApiSchedules"));
            b.UseSetting("Sload:ScheduleTickCron", "off");
        });
        client = factory.CreateClient().Authorize();
    }

    public void Dispose()
    {
        client.Dispose();
        factory.Dispose();
    }

    [Fact]
    public async Task A_schedule_is_created_shown_listed_replaced_and_removed()
    {
        var name = TestNames.Queue("nightly");

        using var created = await client.PostAsJsonAsync("/api/schedules", new { name, cron = "0 0 2 * * *", timeZone = "Europe/Paris", plan = ScheduleHarness.PlanText });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        created.Headers.Location!.ToString().ShouldBe($"/api/schedules/{name}");
        var view = await created.Content.ReadFromJsonAsync<JsonElement>();
        view.GetProperty("timeZone").GetString().ShouldBe("Europe/Paris");
        var next = view.GetProperty("nextOccurrence").GetDateTimeOffset();
        TimeZoneInfo.ConvertTime(next, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).Hour.ShouldBe(2);

        var shown = await client.GetFromJsonAsync<JsonElement>($"/api/schedules/{name}");
        shown.GetProperty("cron").GetString().ShouldBe("0 0 2 * * *");
        shown.GetProperty("enabled").GetBoolean().ShouldBeTrue();

        var list = await client.GetFromJsonAsync<JsonElement>("/api/schedules");
        list.GetProperty("schedules").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ShouldContain(name);

        using var replaced = await client.PutAsJsonAsync($"/api/schedules/{name}", new { cron = "0 30 3 * * *", plan = ScheduleHarness.PlanText, enabled = false });
        replaced.StatusCode.ShouldBe(HttpStatusCode.OK, await replaced.Content.ReadAsStringAsync());
        var after = await replaced.Content.ReadFromJsonAsync<JsonElement>();
        after.GetProperty("cron").GetString().ShouldBe("0 30 3 * * *");
        after.GetProperty("timeZone").GetString().ShouldBe("UTC");
        after.GetProperty("enabled").GetBoolean().ShouldBeFalse();
        after.GetProperty("nextOccurrence").ValueKind.ShouldBe(JsonValueKind.Null);

        (await client.DeleteAsync($"/api/schedules/{name}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.GetAsync($"/api/schedules/{name}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.DeleteAsync($"/api/schedules/{name}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Creating_a_schedule_twice_is_a_conflict()
    {
        var body = new { name = TestNames.Queue("twice"), cron = "0 0 2 * * *", plan = ScheduleHarness.PlanText };
        (await client.PostAsJsonAsync("/api/schedules", body)).StatusCode.ShouldBe(HttpStatusCode.Created);

        using var again = await client.PostAsJsonAsync("/api/schedules", body);

        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        again.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task An_invalid_schedule_gets_a_problem_listing_every_problem()
    {
        var plan = ScheduleHarness.PlanText.Replace("vus: 1", "vus: 0", StringComparison.Ordinal);

        using var response = await client.PostAsJsonAsync("/api/schedules", new { name = "Bad Name", cron = "0 61 25 * * *", timeZone = "Nowhere/City", plan });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors").EnumerateArray().ToList();
        errors.Select(e => e.GetProperty("field").GetString()).ShouldBe(["name", "cron", "cron", "timeZone", "plan.scenarios[0].vus"]);
        errors[1].GetProperty("message").GetString()!.ShouldContain("column 3");
        errors[2].GetProperty("message").GetString()!.ShouldContain("column 6");
        errors[4].GetProperty("line").GetInt32().ShouldBe(5);
    }

    [Fact]
    public async Task A_body_that_is_not_a_schedule_is_a_problem_too()
    {
        using var notJson = await client.PostAsync("/api/schedules", new StringContent("{ name: ", Encoding.UTF8, "application/json"));
        using var wrongTypes = await client.PostAsJsonAsync("/api/schedules", new { name = 3, cron = "0 0 2 * * *", plan = ScheduleHarness.PlanText, colour = "red" });

        notJson.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        wrongTypes.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var fields = (await wrongTypes.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        fields.ShouldBe(["colour", "name"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_schedule_can_run_a_stored_plan_by_name_but_not_a_missing_one()
    {
        var planName = TestNames.Queue("checkout");
        using var stored = await client.PutAsync($"/api/plans/{planName}", new StringContent(ScheduleHarness.PlanText, Encoding.UTF8, "application/yaml"));
        stored.StatusCode.ShouldBe(HttpStatusCode.Created);
        // Stored as canonical YAML (comments dropped, literal credentials masked), which reads back to the same plan.
        (await client.GetStringAsync($"/api/plans/{planName}")).ShouldBe(Core.Plans.PlanParser.ToYaml(Core.Plans.PlanParser.Parse(ScheduleHarness.PlanText).Plan!));
        (await client.GetFromJsonAsync<JsonElement>("/api/plans")).GetProperty("plans").EnumerateArray().Select(p => p.GetString()).ShouldContain(planName);

        using var good = await client.PostAsJsonAsync("/api/schedules", new { name = TestNames.Queue("named"), cron = "0 0 2 * * *", planName });
        using var missing = await client.PostAsJsonAsync("/api/schedules", new { name = TestNames.Queue("named"), cron = "0 0 2 * * *", planName = "no-such-plan" });

        good.StatusCode.ShouldBe(HttpStatusCode.Created);
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await missing.Content.ReadAsStringAsync()).ShouldContain("there is no stored plan 'no-such-plan'");
    }

    [Fact]
    public async Task An_invalid_stored_plan_is_refused_with_its_problems()
    {
        using var response = await client.PutAsync($"/api/plans/{TestNames.Queue("bad")}", new StringContent("name: x\nscenarios: []\n", Encoding.UTF8, "application/yaml"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetArrayLength().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Run_now_starts_a_run_triggered_by_the_schedule()
    {
        var name = TestNames.Queue("now");
        (await client.PostAsJsonAsync("/api/schedules", new { name, cron = "0 0 2 * * *", plan = ScheduleHarness.PlanText })).StatusCode.ShouldBe(HttpStatusCode.Created);

        using var response = await client.PostAsync($"/api/schedules/{name}/run-now", null);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var runId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        response.Headers.Location!.ToString().ShouldBe($"/api/runs/{runId}");
        var run = await client.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}");
        run.GetProperty("trigger").GetString().ShouldBe("schedule");
        (await client.PostAsync("/api/schedules/nope/run-now", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_example_nightly_schedule_is_accepted()
    {
        var json = await File.ReadAllTextAsync(Path.Combine(RepoPaths.RepoRoot, "examples", "nightly-schedule.json"));

        using var response = await client.PostAsync("/api/schedules", new StringContent(json, Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var view = await response.Content.ReadFromJsonAsync<JsonElement>();
        view.GetProperty("cron").GetString().ShouldBe("0 0 2 * * *");
        view.GetProperty("timeZone").GetString().ShouldBe("Europe/Paris");
    }
}
