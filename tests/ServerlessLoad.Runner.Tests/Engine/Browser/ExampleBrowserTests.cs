using ServerlessLoad.Cli.Target;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Runner.Engine.Browser;
using ServerlessLoad.Testing;
using static ServerlessLoad.Runner.Tests.Engine.Steps.StepRuns;

namespace ServerlessLoad.Runner.Tests.Engine.Browser;

/// <summary>examples/browser.yaml, read by the plan parser, shops on the demo target in Chromium without a failure.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ExampleBrowserTests
{
    [Fact]
    public async Task The_example_shoppers_browse_order_and_fetch_the_receipt_of_the_order_they_captured()
    {
        await using var target = await DemoTarget.StartAsync(new DemoTargetOptions(), CancellationToken.None);
        var parsed = PlanParser.Parse(
            await File.ReadAllTextAsync(Path.Combine(RepoPaths.RepoRoot, "examples", "browser.yaml")),
            new PlanParseOptions { MaxBrowserVusPerRunner = PlanParseOptions.DefaultMaxBrowserVusPerRunner });
        parsed.Problems.ShouldBeEmpty();
        var shoppers = parsed.Plan!.Scenarios.Single(s => s.HasBrowserSteps());

        // One VU, two iterations, instead of 30 seconds of load beside the API scenario.
        var quick = shoppers with { Executor = Executors.PerVuIterations, Vus = 1, Iterations = 2, Duration = TimeSpan.Zero, ThinkTime = ThinkTime.None };
        var plan = parsed.Plan with
        {
            Targets = parsed.Plan.Targets.ToDictionary(t => t.Key, _ => target.BaseAddress),
            Scenarios = [quick],
            Slices = 1,
        };

        var stats = await RunAsync(plan);

        stats.Keys.ShouldBe(["home", "checkout", "receipt"], ignoreOrder: true);
        stats.Values.ShouldAllBe(s => s.Requests == 2 && s.Failures == 0);
        stats["home"].Vitals.Keys.ShouldContain(BrowserVitals.Lcp);
        stats["checkout"].Vitals.Keys.ShouldContain(BrowserVitals.Inp);
        stats["receipt"].ChecksFailed.ShouldBe(0);
        target.ServedByPath()["/echo"].ShouldBe(2);
        BrowserSlices.OpenContexts.ShouldBe(0);
    }
}
