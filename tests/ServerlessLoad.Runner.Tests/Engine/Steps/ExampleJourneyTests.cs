using ServerlessLoad.Cli.Target;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Testing;
using static ServerlessLoad.Runner.Tests.Engine.Steps.StepRuns;

namespace ServerlessLoad.Runner.Tests.Engine.Steps;

/// <summary>examples/journey.yaml, read by the plan parser, runs against the demo target without a failure.</summary>
public sealed class ExampleJourneyTests
{
    [Fact]
    public async Task The_example_journey_logs_in_reads_the_profile_and_orders_with_every_check_passing()
    {
        await using var target = await DemoTarget.StartAsync(new DemoTargetOptions(), CancellationToken.None);
        var examples = Path.Combine(RepoPaths.RepoRoot, "examples");
        var parsed = PlanParser.Parse(
            await File.ReadAllTextAsync(Path.Combine(examples, "journey.yaml")),
            new PlanParseOptions { ReadDataFile = name => File.ReadAllText(Path.Combine(examples, name)) });
        parsed.Problems.ShouldBeEmpty();
        var shop = parsed.Plan!.Scenarios.Single();

        // Two VUs, two iterations each, instead of 20 seconds of load; without the latency check, which the first
        // requests of a cold test process (a second or so) would rightly fail.
        var quick = shop with
        {
            Executor = Executors.PerVuIterations,
            Vus = 2,
            Iterations = 2,
            Duration = TimeSpan.Zero,
            ThinkTime = ThinkTime.None,
            Steps = [.. shop.Steps.Select(step => step is HttpStep http ? http with { Checks = [.. http.Checks.Where(c => c.Kind != CheckKind.LatencyUnder)] } : step)],
        };
        var plan = parsed.Plan with
        {
            Targets = parsed.Plan.Targets.ToDictionary(t => t.Key, _ => target.BaseAddress),
            Scenarios = [quick],
        };

        var stats = await RunAsync(plan);

        stats.Keys.ShouldBe(["login", "me", "order"], ignoreOrder: true);
        stats.Values.ShouldAllBe(s => s.Requests == 4 && s.Failures == 0);
        stats["login"].Checks.ShouldBe(12);
        stats["me"].Checks.ShouldBe(8);
        stats["order"].Checks.ShouldBe(4);
        stats.Values.Sum(s => s.ChecksFailed).ShouldBe(0);
    }
}
