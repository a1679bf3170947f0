using System.Text;
using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Core.Tests.Plans;

public class PlanBudgetTests
{
    [Fact]
    public void A_thousand_scenarios_of_a_hundred_thousand_vus_for_a_day_is_refused_on_every_count()
    {
        var text = new StringBuilder("name: huge\ntarget: http://127.0.0.1:5080\nscenarios:\n");
        for (var i = 0; i < 1000; i++)
        {
            text.Append("  - {name: s").Append(i).Append(", vus: 100000, duration: 24h, requests: [{path: /r").Append(i).Append("}]}\n");
        }

        var parsed = PlanParser.Parse(text.ToString());
        parsed.Problems.ShouldBeEmpty();
        var plan = parsed.Plan!;

        var problems = PlanBudget.Check(plan, PlanLimits.Default);

        problems.Select(p => p.Message).ShouldContain(m => m.Contains("1000 scenarios", StringComparison.Ordinal) && m.Contains("Sload__Limits__MaxScenarios", StringComparison.Ordinal));
        problems.Select(p => p.Message).ShouldContain(m => m.Contains("100,000,000 VUs", StringComparison.Ordinal));
        problems.Select(p => p.Message).ShouldContain(m => m.Contains("VU-hours", StringComparison.Ordinal));
    }

    [Fact]
    public void Arrival_rates_add_up_per_second_whatever_their_time_unit()
    {
        var plan = PlanParser.Parse("""
            name: rates
            target: http://127.0.0.1:5080
            scenarios:
              - {name: a, executor: constant-arrival-rate, rate: 6000, timeUnit: 1m, duration: 1m, preAllocatedVUs: 1, requests: [{path: /a}]}
              - {name: b, executor: ramping-arrival-rate, startRate: 10, stages: [{duration: 1m, target: 150}], preAllocatedVUs: 1, requests: [{path: /b}]}
            """).Plan!;

        PlanBudget.PeakArrivalsPerSecond(plan.Scenarios[0]).ShouldBe(100);
        PlanBudget.PeakArrivalsPerSecond(plan.Scenarios[1]).ShouldBe(150);
        PlanBudget.Check(plan, PlanLimits.Default with { MaxTotalArrivalRate = 249 }).ShouldHaveSingleItem().Message.ShouldContain("250 iterations per second");
        PlanBudget.Check(plan, PlanLimits.Default with { MaxTotalArrivalRate = 250 }).ShouldBeEmpty();
    }

    [Fact]
    public void Requests_per_scenario_are_capped()
    {
        var plan = PlanParser.Parse("""
            name: many
            target: http://127.0.0.1:5080
            scenarios:
              - {name: a, vus: 1, duration: 1s, requests: [{path: /a}, {path: /b}, {path: /c}]}
            """).Plan!;

        var problem = PlanBudget.Check(plan, PlanLimits.Default with { MaxRequestsPerScenario = 2 }).ShouldHaveSingleItem();

        problem.Field.ShouldBe("scenarios[0]");
        problem.Message.ShouldContain("has 3 requests or steps");
    }

    [Fact]
    public void The_demo_plan_fits_the_default_budget() =>
        PlanBudget.Check(PlanParser.Parse(File.ReadAllText(Path.Combine(PlanParserStepsTests.RepositoryRoot(), "examples", "demo.yaml"))).Plan!, PlanLimits.Default).ShouldBeEmpty();
}
