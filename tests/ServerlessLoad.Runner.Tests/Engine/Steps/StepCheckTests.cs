using Microsoft.AspNetCore.Http;
using ServerlessLoad.Core.Plans;
using static ServerlessLoad.Runner.Tests.Engine.Steps.StepRuns;

namespace ServerlessLoad.Runner.Tests.Engine.Steps;

/// <summary>Checks on step responses: every one evaluated is counted, a failed one makes the request a check failure.</summary>
public sealed class StepCheckTests : IAsyncLifetime
{
    private Support.StepServer server = null!;

    public async Task InitializeAsync() =>
        server = await Support.StepServer.StartAsync(async (context, seen) =>
        {
            if (seen.Query.TryGetValue("status", out var status))
            {
                context.Response.StatusCode = int.Parse(status, System.Globalization.CultureInfo.InvariantCulture);
            }

            if (seen.Query.TryGetValue("ms", out var ms))
            {
                await Task.Delay(int.Parse(ms, System.Globalization.CultureInfo.InvariantCulture));
            }

            context.Response.Headers["X-Version"] = "7";
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"user\":{\"name\":\"ann\",\"age\":41,\"tags\":[\"a\",\"b\"]},\"ok\":true}");
        });

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Every_kind_of_check_that_holds_is_counted_and_passes()
    {
        var step = Send("all", "/all") with
        {
            Checks =
            [
                Status(200),
                CheckOf(CheckKind.Header, "X-Version", "7"),
                CheckOf(CheckKind.Header, "Content-Type", null),
                CheckOf(CheckKind.HeaderContains, "Content-Type", "json"),
                CheckOf(CheckKind.BodyContains, null, "\"ann\""),
                CheckOf(CheckKind.JsonPathEquals, "$.user.name", "ann"),
                CheckOf(CheckKind.JsonPathEquals, "$.user.age", "41"),
                CheckOf(CheckKind.JsonPathEquals, "$.user", "{\"age\":41,\"name\":\"ann\",\"tags\":[\"a\",\"b\"]}"),
                CheckOf(CheckKind.JsonPathEquals, "$['ok']", "true"),
                CheckOf(CheckKind.JsonPathEquals, "$.user.tags[-1]", "b"),
                CheckOf(CheckKind.JsonPathExists, "$.user.tags[0]", null),
                LatencyUnder(TimeSpan.FromSeconds(5)),
            ],
        };

        var all = (await RunAsync(PlanFor(server.BaseAddress, Journey(vus: 2, iterations: 3, step))))["all"];

        all.Requests.ShouldBe(6);
        all.Checks.ShouldBe(72);
        all.ChecksFailed.ShouldBe(0);
        all.Failures.ShouldBe(0);
    }

    [Theory]
    [InlineData("status", "check 'status in [200]' failed: got 201")]
    [InlineData("header", "check 'header X-Version == 8' failed: got '7'")]
    [InlineData("header-present", "check 'header X-Missing present' failed: header absent")]
    [InlineData("header-contains", "check 'header X-Version contains 8' failed: got '7'")]
    [InlineData("json-type", "check '$.user.age == \"41\"' failed: got 41")]
    [InlineData("body", "check 'body contains bob' failed: not found in the body")]
    [InlineData("json-equals", "check '$.user.name == \"bob\"' failed: got \"ann\"")]
    [InlineData("json-exists", "check '$.user.email exists' failed: $.user.email not found")]
    [InlineData("latency", "check 'latency < 20ms' failed: got")]
    public async Task Each_kind_of_check_that_fails_makes_the_request_a_check_failure(string kind, string sample)
    {
        var failing = kind switch
        {
            "status" => Status(200),
            "header" => CheckOf(CheckKind.Header, "X-Version", "8"),
            "header-present" => CheckOf(CheckKind.Header, "X-Missing", null),
            "body" => CheckOf(CheckKind.BodyContains, null, "bob"),
            "header-contains" => CheckOf(CheckKind.HeaderContains, "X-Version", "8"),
            "json-type" => CheckOf(CheckKind.JsonPathEquals, "$.user.age", "\"41\""),
            "json-equals" => CheckOf(CheckKind.JsonPathEquals, "$.user.name", "\"bob\""),
            "json-exists" => CheckOf(CheckKind.JsonPathExists, "$.user.email", null),
            _ => LatencyUnder(TimeSpan.FromMilliseconds(20)),
        };
        var step = Send("one", "/one?status=201&ms=" + (kind == "latency" ? "60" : "0")) with { Checks = [Status(200, 201), failing] };

        var one = (await RunAsync(PlanFor(server.BaseAddress, Journey(vus: 1, iterations: 2, step))))["one"];

        one.Requests.ShouldBe(2);
        one.Checks.ShouldBe(4);
        one.ChecksFailed.ShouldBe(2);
        one.Failures.ShouldBe(2);
        one.FailureCategories.ShouldBe(new Dictionary<string, long> { ["check"] = 2 });
        one.FailureSamples["check"].ShouldAllBe(s => s.StartsWith(sample, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unexpected_status_stays_a_status_failure_and_its_checks_still_count()
    {
        var step = Send("broken", "/broken?status=503") with { Checks = [Status(200), CheckOf(CheckKind.BodyContains, null, "ann")] };

        var broken = (await RunAsync(PlanFor(server.BaseAddress, Journey(vus: 1, iterations: 2, step))))["broken"];

        broken.FailureCategories.ShouldBe(new Dictionary<string, long> { ["status"] = 2 });
        broken.FailureSamples["status"].ShouldBe(["HTTP 503 GET /broken?status=503"]);
        broken.Checks.ShouldBe(4);
        broken.ChecksFailed.ShouldBe(2);
    }

    [Fact]
    public async Task A_status_the_request_expects_but_a_check_rejects_is_a_check_failure()
    {
        var step = Send("gone", "/gone?status=404") with { Checks = [Status(200)] };
        step = step with { Request = step.Request with { Expect = [new StatusRange(404, 404)] } };

        var gone = (await RunAsync(PlanFor(server.BaseAddress, Journey(vus: 1, iterations: 1, step))))["gone"];

        gone.FailureCategories.ShouldBe(new Dictionary<string, long> { ["check"] = 1 });
        gone.FailureSamples["check"].ShouldBe(["check 'status in [200]' failed: got 404"]);
    }

    [Fact]
    public async Task Checks_on_a_request_that_got_no_response_all_fail_under_the_transport_category()
    {
        var step = Send("nobody", "/") with { Checks = [Status(200), LatencyUnder(TimeSpan.FromSeconds(5))] };

        var nobody = (await RunAsync(PlanFor(Support.LocalHttp.ClosedPort(), Journey(vus: 1, iterations: 2, step))))["nobody"];

        nobody.FailureCategories.ShouldBe(new Dictionary<string, long> { ["refused"] = 2 });
        nobody.Checks.ShouldBe(4);
        nobody.ChecksFailed.ShouldBe(2);
    }
}
