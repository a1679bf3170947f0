using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Core.Tests.Plans;

/// <summary>A plan with weighted scenarios is written back in its weight form and reads back to the same shares.</summary>
public class PlanWeightedRoundTripTests
{
    [Fact]
    public void The_canonical_yaml_keeps_the_load_and_the_weights_instead_of_the_shares()
    {
        var plan = PlanParser.Parse("""
            name: p
            target: http://127.0.0.1:5080
            load: { vus: 10, duration: 1m, gracefulStop: 5s }
            scenarios:
              - { name: a, weight: 2, requests: [{ path: /a }] }
              - { name: b, vus: 1, duration: 1s, requests: [{ path: /b }] }
            """).Plan!;

        PlanParser.ToYaml(plan).ShouldBe("""
            name: p
            slices: 1
            targets:
              default: http://127.0.0.1:5080/
            load:
              executor: constant-vus
              vus: 10
              duration: 1m
              startTime: 0s
              gracefulStop: 5s
            scenarios:
              - name: a
                weight: 2
                requests:
                  - name: GET /a
                    weight: 1
                    method: GET
                    target: default
                    path: /a
                    timeout: 30s
              - name: b
                executor: constant-vus
                vus: 1
                duration: 1s
                startTime: 0s
                requests:
                  - name: GET /b
                    weight: 1
                    method: GET
                    target: default
                    path: /b
                    timeout: 30s

            """);
    }

    [Fact]
    public void A_weighted_plan_with_steps_reads_back_to_the_same_plan()
    {
        var plan = PlanParser.Parse(PlanParserWeightedScenariosTests.WeightedPlan).Plan!;

        var yaml = PlanParser.ToYaml(plan);
        var again = PlanParser.Parse(yaml);

        again.Problems.ShouldBeEmpty(yaml);
        ShouldBeSameWeightedPlan(again.Plan!, plan);
        PlanParser.ToYaml(again.Plan!).ShouldBe(yaml);
    }

    [Property(MaxTest = 200)]
    public Property Any_load_shared_by_any_weights_reads_back_to_the_same_shares() =>
        Prop.ForAll(WeightedPlanTexts().ToArbitrary(), text =>
        {
            var first = PlanParser.Parse(text);
            first.Problems.ShouldBeEmpty(text);
            var load = first.Plan!.Load!;
            var shares = first.Plan.Scenarios.Where(s => s.Weight is not null).ToList();
            (shares.Sum(s => s.Vus), shares.Sum(s => s.MaxVus), shares.Sum(s => s.Rate), shares.Sum(s => s.StartRate), shares.Sum(s => s.Connections ?? 0))
                .ShouldBe((load.Vus, load.MaxVus, load.Rate, load.StartRate, load.Connections ?? 0));
            for (var stage = 0; stage < load.Stages.Count; stage++)
            {
                shares.Sum(s => s.Stages[stage].Target).ShouldBe(load.Stages[stage].Target);
            }

            var yaml = PlanParser.ToYaml(first.Plan!);
            var again = PlanParser.Parse(yaml);
            again.Problems.ShouldBeEmpty(yaml);
            ShouldBeSameWeightedPlan(again.Plan!, first.Plan!);
            PlanParser.ToYaml(again.Plan!).ShouldBe(yaml);
        });

    private static void ShouldBeSameWeightedPlan(Plan actual, Plan expected)
    {
        PlanYamlRoundTripTests.ShouldBeSamePlan(actual, expected);
        (actual.Load! with { Stages = [] }).ShouldBe(expected.Load! with { Stages = [] });
        actual.Load!.Stages.ShouldBe(expected.Load!.Stages);
        actual.Scenarios.Select(s => s.Weight).ShouldBe(expected.Scenarios.Select(s => s.Weight));
    }

    /// <summary>Plan texts whose load every weighted scenario gets at least one VU (or arrival and VU per slice) of.</summary>
    private static Gen<string> WeightedPlanTexts()
    {
        var load = Gen.Elements(
            "{ vus: 40, duration: 90s }",
            "{ executor: per-vu-iterations, vus: 40, iterations: 3, maxDuration: 2m }",
            "{ executor: shared-iterations, vus: 40, iterations: 400 }",
            "{ executor: ramping-vus, startVUs: 0, stages: [{ duration: 10s, target: 40 }, { duration: 5s, target: 0 }], startTime: 3s }",
            "{ executor: constant-arrival-rate, rate: 400, timeUnit: 1m, duration: 1m, preAllocatedVUs: 40, maxVUs: 80, connections: 40 }",
            "{ executor: ramping-arrival-rate, startRate: 40, stages: [{ duration: 10s, target: 400 }], preAllocatedVUs: 40, gracefulStop: 0s }");
        return
            from model in load
            from weights in Gen.NonEmptyListOf(Gen.Choose(1, 4)).Select(w => w.Take(8).ToList())
            from ownFirst in Gen.Elements(true, false)
            select $$"""
                name: p
                target: http://127.0.0.1:5080
                load: {{model}}
                scenarios:
                {{(ownFirst ? "  - { name: own, vus: 1, duration: 1s, requests: [{ path: /own }] }\n" : "")}}{{string.Concat(weights.Select((w, i) => $"  - {{ name: w{i}, weight: {w}, requests: [{{ path: /w{i} }}] }}\n"))}}
                """;
    }
}
