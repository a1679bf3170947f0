using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Runner.Tests.Support;
using static ServerlessLoad.Runner.Tests.Engine.Steps.StepRuns;

namespace ServerlessLoad.Runner.Tests.Engine.Steps;

/// <summary>Multi-step journeys: captures carry values from one step to the next, per VU.</summary>
public sealed class StepJourneyTests
{
    [Fact]
    public async Task A_login_journey_sends_each_vus_own_token_to_the_next_steps()
    {
        await using var server = await StepServer.StartAsync(async (context, seen) =>
        {
            switch (seen.Path)
            {
                case "/login":
                    var user = JsonDocument.Parse(seen.Body).RootElement.GetProperty("user").GetString();
                    context.Response.Headers["X-Session"] = $"session-{user}";
                    await context.Response.WriteAsJsonAsync(new { token = $"token-{user}", profile = new { id = user } });
                    break;
                case "/orders":
                    var expected = $"Bearer token-{seen.Query["user"]}";
                    context.Response.StatusCode = seen.Header("Authorization") == expected ? 200 : 401;
                    await context.Response.WriteAsync($"<order id=\"order-{seen.Query["user"]}\"/>");
                    break;
                default:
                    context.Response.StatusCode = seen.Header("X-Session") == $"session-{seen.Query["user"]}" ? 204 : 401;
                    break;
            }
        });
        var login = Send("login", "/login", "POST") with
        {
            Captures =
            [
                new Capture("token", CaptureSource.JsonPath, "$.token"),
                new Capture("session", CaptureSource.Header, "X-Session"),
            ],
        };
        login = login with { Request = login.Request with { Body = "{\"user\":\"u{{vu}}\"}", ContentType = "application/json" } };
        var orders = Send("orders", "/orders?user=u{{vu}}") with
        {
            Request = Send("orders", "/orders?user=u{{vu}}").Request with { Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer {{token}}" } },
            Captures = [new Capture("order", CaptureSource.Regex, "id=\"([^\"]+)\"")],
        };
        var logout = Send("logout", "/logout?user=u{{vu}}&order={{order}}") with
        {
            Request = Send("logout", "/logout?user=u{{vu}}&order={{order}}").Request with { Headers = new Dictionary<string, string> { ["X-Session"] = "{{session}}" } },
        };

        var stats = await RunAsync(PlanFor(server.BaseAddress, Journey(vus: 3, iterations: 2, login, orders, logout)));

        stats.Keys.ShouldBe(["login", "orders", "logout"], ignoreOrder: true);
        stats.Values.ShouldAllBe(s => s.Requests == 6 && s.Failures == 0);
        server.To("/orders").Select(r => r.Header("Authorization")).Order()
            .ShouldBe(["Bearer token-u1", "Bearer token-u1", "Bearer token-u2", "Bearer token-u2", "Bearer token-u3", "Bearer token-u3"]);
        server.To("/logout").Select(r => r.Query["order"]).Order().ShouldBe(["order-u1", "order-u1", "order-u2", "order-u2", "order-u3", "order-u3"]);
        stats["logout"].StatusCodes.ShouldBe(new Dictionary<string, long> { ["204"] = 6 });
    }

    [Fact]
    public async Task A_capture_that_finds_nothing_fails_its_request_and_ends_the_iteration()
    {
        await using var server = await StepServer.StartAsync((context, _) => context.Response.WriteAsJsonAsync(new { other = 1 }));
        var login = Send("login", "/login") with { Captures = [new Capture("token", CaptureSource.JsonPath, "$.token")] };
        var next = Send("next", "/next?t={{token}}");

        var stats = await RunAsync(PlanFor(server.BaseAddress, Journey(vus: 1, iterations: 3, login, next)));

        stats["login"].Requests.ShouldBe(3);
        stats["login"].Failures.ShouldBe(3);
        stats["login"].FailureCategories.ShouldBe(new Dictionary<string, long> { ["capture"] = 3 });
        stats["login"].FailureSamples["capture"].ShouldBe(["capture 'token' ($.token) found nothing in GET /login"]);
        stats.ShouldNotContainKey("next");
        server.To("/next").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_new_connection_per_iteration_is_opened_once_per_iteration_and_shared_by_its_steps()
    {
        await using var server = await StepServer.StartAsync((context, _) => context.Response.WriteAsync("ok"));
        var scenario = Journey(vus: 2, iterations: 3,
            Send("a", "/a?vu={{vu}}&i={{iteration}}"),
            Send("b", "/b"),
            Send("c", "/c?vu={{vu}}&i={{iteration}}")) with { NewConnectionPerIteration = true };

        var stats = await RunAsync(PlanFor(server.BaseAddress, scenario));

        var connections = server.Seen.GroupBy(r => r.Connection).ToList();
        connections.Count.ShouldBe(6, "one connection per iteration (2 VUs x 3)");
        foreach (var connection in connections)
        {
            connection.Select(r => r.Path).ShouldBe(["/a", "/b", "/c"], "an iteration's steps share its connection, in order");
            var (first, last) = (connection.First(), connection.Last());
            (last.Query["vu"], last.Query["i"]).ShouldBe((first.Query["vu"], first.Query["i"]));
        }

        connections.Select(c => $"{c.First().Query["vu"]}:{c.First().Query["i"]}").Distinct().Count().ShouldBe(6);
        stats["a"].ConnectTime.TotalCount.ShouldBe(6);
        (stats["b"].ConnectTime.TotalCount + stats["c"].ConnectTime.TotalCount).ShouldBe(0);
    }

    [Fact]
    public async Task A_captured_value_stays_with_its_vu_for_later_iterations()
    {
        await using var server = await StepServer.StartAsync((context, seen) =>
            context.Response.WriteAsync(seen.Path == "/first" ? $"seed=v{seen.Query["vu"]}" : "ok"));
        var first = Send("first", "/first?vu={{vu}}") with { Captures = [new Capture("seed", CaptureSource.Regex, "seed=\\w+")] };
        var scenario = Journey(vus: 2, iterations: 3, Send("again", "/again?seen={{seed}}&vu={{vu}}"), first);

        await RunAsync(PlanFor(server.BaseAddress, scenario));

        // The first iteration runs before any capture (an unset variable renders empty); later ones see the VU's own.
        server.To("/again").Select(r => $"{r.Query["vu"]}:{r.Query["seen"]}").Order()
            .ShouldBe(["1:", "1:seed=v1", "1:seed=v1", "2:", "2:seed=v2", "2:seed=v2"]);
    }

    [Fact]
    public async Task Templates_render_the_vu_its_iteration_a_bounded_random_int_and_a_fresh_uuid()
    {
        await using var server = await StepServer.StartAsync((context, _) => Task.CompletedTask);
        var step = Send("t", "/t?vu={{vu}}&it={{iteration}}&r={{randomInt 5 7}}") with
        {
            Request = Send("t", "/t?vu={{vu}}&it={{iteration}}&r={{randomInt 5 7}}").Request with
            {
                Method = "POST",
                Body = "{\"id\":\"{{uuid}}\"}",
            },
        };

        await RunAsync(PlanFor(server.BaseAddress, Journey(vus: 3, iterations: 4, step)));

        var seen = server.To("/t").ToList();
        seen.Count.ShouldBe(12);
        seen.GroupBy(r => r.Query["vu"]).Select(g => g.Key).Order().ShouldBe(["1", "2", "3"]);
        seen.GroupBy(r => r.Query["vu"]).ShouldAllBe(g => g.Select(r => r.Query["it"]).Order().SequenceEqual(new[] { "0", "1", "2", "3" }));
        seen.Select(r => int.Parse(r.Query["r"], System.Globalization.CultureInfo.InvariantCulture)).ShouldAllBe(r => r >= 5 && r <= 7);
        seen.Select(r => r.Query["r"]).Distinct().Count().ShouldBeGreaterThan(1);
        var ids = seen.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("id").GetGuid()).ToList();
        ids.Distinct().Count().ShouldBe(12);
    }

    [Fact]
    public async Task Values_arrive_as_themselves_in_query_strings_json_bodies_and_forms()
    {
        await using var server = await StepServer.StartAsync((context, _) => Task.CompletedTask);
        var odd = new DataSource { Name = "odd", Columns = ["text"], Rows = [["a+b@x.org & \"co\"/1?"]] };
        var query = Send("query", "/query?v={{odd.text}}");
        var json = Send("json", "/json", "POST");
        json = json with { Request = json.Request with { Body = "{\"v\":\"{{odd.text}}\"}", ContentType = "application/json" } };
        var form = Send("form", "/form", "POST");
        form = form with { Request = form.Request with { Body = "v={{odd.text}}", ContentType = "application/x-www-form-urlencoded" } };

        await RunAsync(PlanFor(server.BaseAddress, Journey(vus: 1, iterations: 1, query, json, form) with { Data = [odd] }));

        const string Expected = "a+b@x.org & \"co\"/1?";
        server.To("/query").Single().Query["v"].ShouldBe(Expected);
        JsonDocument.Parse(server.To("/json").Single().Body).RootElement.GetProperty("v").GetString().ShouldBe(Expected);
        Uri.UnescapeDataString(server.To("/form").Single().Body["v=".Length..]).ShouldBe(Expected);
    }

    [Fact]
    public async Task Vu_numbers_are_unique_across_slices()
    {
        await using var server = await StepServer.StartAsync((context, _) => Task.CompletedTask);
        var plan = PlanFor(server.BaseAddress, Journey(vus: 5, iterations: 1, Send("t", "/t?vu={{vu}}"))) with { Slices = 2 };

        await Task.WhenAll(RunAsync(plan, index: 0, count: 2), RunAsync(plan, index: 1, count: 2));

        server.To("/t").Select(r => r.Query["vu"]).Order().ShouldBe(["1", "2", "3", "4", "5"]);
    }

    [Fact]
    public async Task Sequential_data_starts_vu_n_at_row_n_and_advances_every_iteration()
    {
        await using var server = await StepServer.StartAsync((context, _) => Task.CompletedTask);
        var scenario = Journey(vus: 2, iterations: 3, Send("t", "/t?vu={{vu}}&user={{users.name}}")) with { Data = [Users(DataOrder.Sequential)] };

        await RunAsync(PlanFor(server.BaseAddress, scenario));

        Sequence(server, "1").ShouldBe(["ann", "bob", "cid"]);
        Sequence(server, "2").ShouldBe(["bob", "cid", "dee"]);
    }

    [Fact]
    public async Task Random_data_draws_rows_of_the_source()
    {
        await using var server = await StepServer.StartAsync((context, _) => Task.CompletedTask);
        var scenario = Journey(vus: 2, iterations: 10, Send("t", "/t?vu={{vu}}&user={{users.name}}")) with { Data = [Users(DataOrder.Random)] };

        await RunAsync(PlanFor(server.BaseAddress, scenario));

        var names = server.To("/t").Select(r => r.Query["user"]).ToList();
        names.Count.ShouldBe(20);
        names.ShouldAllBe(n => n == "ann" || n == "bob" || n == "cid" || n == "dee");
        names.Distinct().Count().ShouldBeGreaterThan(1);
        Sequence(server, "1").ShouldNotBe(["ann", "bob", "cid", "dee", "ann", "bob", "cid", "dee", "ann", "bob"]);
    }

    [Fact]
    public async Task Cookies_set_for_a_vu_come_back_from_that_vu_only()
    {
        await using var server = await StepServer.StartAsync((context, seen) =>
        {
            if (seen.Path == "/login")
            {
                context.Response.Headers.SetCookie = $"sid=vu{seen.Query["vu"]}; Path=/";
            }

            return Task.CompletedTask;
        });
        var scenario = Journey(vus: 3, iterations: 2, Send("login", "/login?vu={{vu}}"), Send("home", "/home?vu={{vu}}")) with { Cookies = true };

        await RunAsync(PlanFor(server.BaseAddress, scenario));

        var homes = server.To("/home").ToList();
        homes.Count.ShouldBe(6);
        homes.ShouldAllBe(r => r.Header("Cookie") == $"sid=vu{r.Query["vu"]}");
        server.To("/login").Where(r => r.Header("Cookie") == null).Select(r => r.Query["vu"]).Order().ShouldBe(["1", "2", "3"]);
    }

    [Fact]
    public async Task Without_cookies_turned_on_set_cookie_is_not_sent_back()
    {
        await using var server = await StepServer.StartAsync((context, _) =>
        {
            context.Response.Headers.SetCookie = "sid=abc; Path=/";
            return Task.CompletedTask;
        });

        await RunAsync(PlanFor(server.BaseAddress, Journey(vus: 1, iterations: 3, Send("home", "/home"))));

        server.To("/home").ShouldAllBe(r => r.Header("Cookie") == null);
    }

    [Fact]
    public async Task A_think_step_pauses_between_steps_without_being_measured()
    {
        await using var server = await StepServer.StartAsync((context, _) => Task.CompletedTask);
        var think = new ThinkStep { Think = ThinkTime.Fixed(TimeSpan.FromMilliseconds(300)) };
        var scenario = Journey(vus: 1, iterations: 1, Send("a", "/a"), think, Send("b", "/b"));

        var stats = await RunAsync(PlanFor(server.BaseAddress, scenario));

        (server.To("/b").Single().At - server.To("/a").Single().At).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(290));
        stats["b"].Latency.MaxMicros.ShouldBeLessThan(250_000);
    }

    [Fact]
    public async Task A_stop_during_a_think_step_ends_the_iteration_at_once()
    {
        await using var server = await StepServer.StartAsync((context, _) => Task.CompletedTask);
        var scenario = new Scenario
        {
            Name = "stopping",
            Vus = 1,
            Duration = TimeSpan.FromMilliseconds(300),
            GracefulStop = TimeSpan.Zero,
            Requests = [],
            Steps = [Send("a", "/a"), new ThinkStep { Think = ThinkTime.Fixed(TimeSpan.FromSeconds(20)) }, Send("b", "/b")],
        };
        var started = DateTimeOffset.UtcNow;

        var stats = await RunAsync(PlanFor(server.BaseAddress, scenario));

        (DateTimeOffset.UtcNow - started).ShouldBeLessThan(TimeSpan.FromSeconds(5));
        stats["a"].Requests.ShouldBe(1);
        server.To("/b").ShouldBeEmpty();
    }

    [Fact]
    public async Task An_arrival_rate_scenario_runs_the_whole_journey_for_every_arrival()
    {
        await using var server = await StepServer.StartAsync((context, seen) =>
            seen.Path == "/login" ? context.Response.WriteAsJsonAsync(new { token = "t" + seen.Query["vu"] }) : Task.CompletedTask);
        var scenario = new Scenario
        {
            Name = "arrivals",
            Executor = Executors.ConstantArrivalRate,
            Rate = 20,
            Duration = TimeSpan.FromMilliseconds(500),
            // As many VUs as arrivals: a slow first journey on a busy machine must not drop any.
            PreAllocatedVus = 10,
            MaxVus = 10,
            Requests = [],
            Steps =
            [
                Send("login", "/login?vu={{vu}}") with { Captures = [new Capture("token", CaptureSource.JsonPath, "$.token")] },
                Send("use", "/use?vu={{vu}}&token={{token}}"),
            ],
        };

        var stats = await RunAsync(PlanFor(server.BaseAddress, scenario));

        stats["login"].Requests.ShouldBe(10);
        stats["use"].Requests.ShouldBe(10);
        server.To("/use").ShouldAllBe(r => r.Query["token"] == "t" + r.Query["vu"]);
    }

    [Fact]
    public async Task A_request_cut_off_by_the_stop_is_not_measured()
    {
        await using var server = await StepServer.StartAsync((context, _) => Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted));
        var scenario = new Scenario
        {
            Name = "stopping",
            Vus = 2,
            Duration = TimeSpan.FromMilliseconds(200),
            GracefulStop = TimeSpan.Zero,
            Requests = [],
            Steps = [Send("slow", "/slow?who={{vu}}") with { Checks = [CheckOf(CheckKind.HeaderContains, "X-A", "b")] }],
        };
        var started = DateTimeOffset.UtcNow;

        var stats = await RunAsync(PlanFor(server.BaseAddress, scenario));

        (DateTimeOffset.UtcNow - started).ShouldBeLessThan(TimeSpan.FromSeconds(3));
        server.To("/slow").Count().ShouldBe(2);

        // Connection setups were measured (they finished); the requests were not.
        stats["slow"].Requests.ShouldBe(0);
        stats["slow"].Checks.ShouldBe(0);
        stats["slow"].ConnectTime.TotalCount.ShouldBe(2);
    }

    [Fact]
    public async Task A_step_naming_an_unknown_data_column_is_rejected_before_anything_runs()
    {
        await using var server = await StepServer.StartAsync((context, _) => Task.CompletedTask);
        var scenario = Journey(vus: 1, iterations: 1, Send("t", "/t?user={{users.email}}")) with { Data = [Users(DataOrder.Sequential)] };

        var error = await Should.ThrowAsync<ArgumentException>(RunAsync(PlanFor(server.BaseAddress, scenario)));

        error.Message.ShouldBe("Scenario 'journey', step 't', path: data source 'users' has no column 'email' (it has name).");
        server.Seen.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_step_naming_an_unknown_target_is_rejected_before_anything_runs()
    {
        await using var server = await StepServer.StartAsync((context, _) => Task.CompletedTask);
        var step = Send("t", "/t");
        var scenario = Journey(vus: 1, iterations: 1, step with { Request = step.Request with { Target = "elsewhere" } });

        var error = await Should.ThrowAsync<ArgumentException>(RunAsync(PlanFor(server.BaseAddress, scenario)));

        error.Message.ShouldContain("'elsewhere'");
        server.Seen.ShouldBeEmpty();
    }

    private static DataSource Users(DataOrder order) => new()
    {
        Name = "users",
        Columns = ["name"],
        Rows = [["ann"], ["bob"], ["cid"], ["dee"]],
        Order = order,
    };

    private static List<string> Sequence(StepServer server, string vu) =>
        server.To("/t").Where(r => r.Query["vu"] == vu).OrderBy(r => r.At).Select(r => r.Query["user"]).ToList();
}
