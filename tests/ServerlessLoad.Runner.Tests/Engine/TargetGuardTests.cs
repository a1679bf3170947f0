using System.Net;
using ServerlessLoad.Cli.Target;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Runner.Engine;
using ServerlessLoad.Runner.Tests.Engine.Steps;

namespace ServerlessLoad.Runner.Tests.Engine;

/// <summary>
/// The allow-list at connect time, through a resolver seam: names that resolve to addresses nobody allowed are never
/// connected to, on the socket engine, SocketsHttpHandler (HTTP/1.1 and HTTP/2) and websockets alike. Everything stays
/// on loopback: the names below exist only in the test's resolver.
/// </summary>
public sealed class TargetGuardTests : IAsyncLifetime
{
    private DemoTarget target = null!;

    public async Task InitializeAsync() => target = await DemoTarget.StartAsync(new DemoTargetOptions(), CancellationToken.None);

    public async Task DisposeAsync() => await target.DisposeAsync();

    [Fact]
    public async Task A_name_resolving_to_the_metadata_address_is_refused_before_any_connection()
    {
        var guard = new TargetGuard(["api.test"], Resolve(("api.test", "169.254.169.254")));

        var refused = await Should.ThrowAsync<TargetNotAllowedException>(() => guard.AddressesAsync("api.test"));

        refused.Message.ShouldContain("169.254.169.254");
    }

    [Fact]
    public async Task One_disallowed_address_among_several_refuses_the_name()
    {
        var guard = new TargetGuard(["api.test"], Resolve(("api.test", "93.184.216.34"), ("api.test", "10.0.0.7")));

        await Should.ThrowAsync<TargetNotAllowedException>(() => guard.AddressesAsync("api.test"));
    }

    [Fact]
    public async Task Public_and_listed_addresses_pass()
    {
        var guard = new TargetGuard(["api.test", "10.0.0.0/8"], Resolve(("api.test", "93.184.216.34"), ("api.test", "10.0.0.7")));

        (await guard.AddressesAsync("api.test")).Select(a => a.ToString()).ShouldBe(["93.184.216.34", "10.0.0.7"]);
    }

    [Theory]
    [InlineData("1.1")]
    [InlineData("2")]
    public async Task Requests_to_a_name_that_rebinds_to_loopback_fail_and_reach_nothing(string httpVersion)
    {
        var plan = Plan("rebind.test", httpVersion, [new RequestSpec { Name = "get", Target = "t", Path = "/fast" }], []);
        using var scope = TargetGuard.Use(new TargetGuard(["rebind.test"], Resolve(("rebind.test", "127.0.0.1"))));

        var results = await StepRuns.RunAsync(plan);

        results["get"].Requests.ShouldBe(3);
        results["get"].Failures.ShouldBe(3);
        results["get"].FailureSamples.Values.SelectMany(s => s).ShouldContain(s => s.Contains("does not allow", StringComparison.Ordinal));
        target.TotalServed.ShouldBe(0);
    }

    [Fact]
    public async Task Templated_steps_and_websockets_to_such_a_name_fail_and_reach_nothing()
    {
        Step[] steps =
        [
            new HttpStep { Request = new RequestSpec { Name = "step", Target = "t", Path = "/fast?v={{vu}}" } },
            new WebSocketStep { Name = "ws", Target = "t", Path = "/ws/echo", Actions = [new WebSocketSend("hi"), new WebSocketClose()] },
        ];
        var plan = Plan("rebind.test", "1.1", [], steps);
        using var scope = TargetGuard.Use(new TargetGuard(["rebind.test"], Resolve(("rebind.test", "127.0.0.1"))));

        var results = await StepRuns.RunAsync(plan);

        results["step"].Failures.ShouldBe(results["step"].Requests);
        results["step"].Requests.ShouldBeGreaterThan(0);
        target.TotalServed.ShouldBe(0);
    }

    [Fact]
    public async Task The_same_name_is_served_once_its_address_is_allowed()
    {
        var plan = Plan("rebind.test", "1.1", [new RequestSpec { Name = "get", Target = "t", Path = "/fast" }], []);
        using var scope = TargetGuard.Use(new TargetGuard(["rebind.test", "127.0.0.1"], Resolve(("rebind.test", "127.0.0.1"))));

        var results = await StepRuns.RunAsync(plan);

        results["get"].Failures.ShouldBe(0);
        target.TotalServed.ShouldBe(3);
    }

    private Plan Plan(string host, string httpVersion, RequestSpec[] requests, Step[] steps) => new()
    {
        Name = "guard",
        Targets = new Dictionary<string, Uri> { ["t"] = new($"http://{host}:{target.BaseAddress.Port}/") },
        Scenarios =
        [
            new Scenario
            {
                Name = "s",
                Executor = Executors.SharedIterations,
                Vus = 1,
                Iterations = 3,
                MaxDuration = TimeSpan.FromSeconds(10),
                HttpVersion = httpVersion,
                Requests = requests,
                Steps = steps,
            },
        ],
    };

    private static HostResolver Resolve(params (string Name, string Address)[] records) =>
        (host, _) => Task.FromResult(records.Where(r => r.Name == host).Select(r => IPAddress.Parse(r.Address)).ToArray());
}
