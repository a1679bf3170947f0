using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Core.Tests.Plans;

/// <summary>Scenarios with a weight share the plan's load: read as ordinary scenarios carrying their exact shares.</summary>
public class PlanParserWeightedScenariosTests
{
    internal const string WeightedPlan = """
        name: shop
        slices: 2
        target: http://127.0.0.1:5080
        load:
          executor: ramping-vus
          startVUs: 2
          stages:
            - { duration: 30s, target: 10 }
            - { duration: 1m, target: 10 }
            - { duration: 10s, target: 0 }
          startTime: 5s
          gracefulStop: 10s
        scenarios:
          - name: browse
            weight: 3
            thinkTime: 1s
            requests: [{ path: /products }]
          - name: buy
            weight: 1
            cookies: true
            steps:
              - http: { name: cart, method: POST, path: /cart }
              - think: 500ms
              - http: { name: checkout, method: POST, path: /checkout }
          - name: health
            executor: constant-arrival-rate
            rate: 1
            duration: 1m
            preAllocatedVUs: 2
            requests: [{ path: /healthz }]
        """;

    [Fact]
    public void Weighted_scenarios_get_their_share_of_every_stage_target_and_the_load_timings()
    {
        var result = PlanParser.Parse(WeightedPlan);

        result.Problems.ShouldBeEmpty();
        var s = result.Plan!.Scenarios.ToDictionary(x => x.Name);
        var stages = (TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10));
        (s["browse"].Executor, s["browse"].Weight, s["browse"].StartVus).ShouldBe((Executors.RampingVus, (int?)3, 1));
        s["browse"].Stages.Select(x => x.Target).ShouldBe([7, 7, 0]);
        s["buy"].Stages.Select(x => x.Target).ShouldBe([3, 3, 0]);
        (s["buy"].Weight, s["buy"].StartVus).ShouldBe(((int?)1, 1));
        foreach (var weighted in new[] { s["browse"], s["buy"] })
        {
            (weighted.Stages[0].Duration, weighted.Stages[1].Duration, weighted.Stages[2].Duration).ShouldBe(stages);
            (weighted.StartTime, weighted.GracefulStop).ShouldBe((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)));
        }

        s["browse"].ThinkTime.ShouldBe(ThinkTime.Fixed(TimeSpan.FromSeconds(1)));
        s["buy"].Cookies.ShouldBeTrue();
        s["buy"].Steps.Count.ShouldBe(3);
        (s["health"].Executor, s["health"].Weight, s["health"].Rate).ShouldBe((Executors.ConstantArrivalRate, (int?)null, 1));
    }

    [Fact]
    public void The_plan_keeps_the_load_it_was_given()
    {
        var load = PlanParser.Parse(WeightedPlan).Plan!.Load!;

        (load.Executor, load.StartVus, load.StartTime, load.GracefulStop).ShouldBe((Executors.RampingVus, 2, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)));
        load.Stages.Select(x => x.Target).ShouldBe([10, 10, 0]);
    }

    [Fact]
    public void A_plan_without_load_has_none() =>
        PlanParser.Parse(WeightedPlan[..WeightedPlan.IndexOf("load:", StringComparison.Ordinal)] + """
            scenarios:
              - { name: a, vus: 1, duration: 1s, requests: [{ path: / }] }
            """).Plan!.Load.ShouldBeNull();

    [Fact]
    public void Constant_vus_are_split_by_weight_and_add_up_to_the_load()
    {
        var plan = PlanParser.Parse("""
            name: p
            target: http://127.0.0.1:5080
            load: { vus: 10, duration: 1m }
            scenarios:
              - { name: a, weight: 1, requests: [{ path: /a }] }
              - { name: b, weight: 1, requests: [{ path: /b }] }
              - { name: c, weight: 1, requests: [{ path: /c }] }
            """).Plan!;

        plan.Scenarios.Select(s => s.Vus).ShouldBe([3, 3, 4]);
        plan.Scenarios.ShouldAllBe(s => s.Executor == Executors.ConstantVus && s.Duration == TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void Load_without_a_weighted_scenario_is_a_problem_at_load()
    {
        const string text = """
            name: p
            target: http://127.0.0.1:5080
            load: { vus: 10, duration: 1m }
            scenarios:
              - { name: a, vus: 1, duration: 1s, requests: [{ path: /a }] }
            """;

        text.ShouldHaveOnlyProblem("load", 3, "no scenario has a 'weight'");
    }

    [Fact]
    public void Every_weight_without_load_is_a_problem_at_its_line()
    {
        const string text = """
            name: p
            target: http://127.0.0.1:5080
            scenarios:
              - name: a
                weight: 1
                requests: [{ path: /a }]
              - name: b
                weight: 2
                requests: [{ path: /b }]
            """;

        text.ShouldHaveProblem("scenarios[0].weight", 5, "needs the plan's 'load:'");
        text.ShouldHaveProblem("scenarios[1].weight", 8, "needs the plan's 'load:'");
        PlanParser.Parse(text).Problems.Count.ShouldBe(2);
    }

    [Fact]
    public void Load_fields_on_a_weighted_scenario_are_each_a_problem_at_their_own_line()
    {
        const string text = """
            name: p
            target: http://127.0.0.1:5080
            load: { vus: 10, duration: 1m }
            scenarios:
              - name: a
                weight: 1
                executor: constant-vus
                vus: 2
                startTime: 5s
                requests: [{ path: /a }]
            """;

        text.ShouldHaveProblem("scenarios[0].executor", 7, "a scenario with a weight takes 'executor' from the plan's 'load:'");
        text.ShouldHaveProblem("scenarios[0].vus", 8, "takes 'vus' from the plan's 'load:'");
        text.ShouldHaveProblem("scenarios[0].startTime", 9, "takes 'startTime' from the plan's 'load:'");
        PlanParser.Parse(text).Problems.Count.ShouldBe(3);
    }

    [Theory]
    [InlineData("0", "must be between 1 and 10000, found 0")]
    [InlineData("1.5", "expected a whole number")]
    public void A_weight_is_a_whole_number_of_at_least_one(string weight, string message) =>
        $$"""
            name: p
            target: http://127.0.0.1:5080
            load: { vus: 10, duration: 1m }
            scenarios:
              - { name: a, weight: 1, requests: [{ path: /a }] }
              - name: b
                weight: {{weight}}
                requests: [{ path: /b }]
            """.ShouldHaveOnlyProblem("scenarios[1].weight", 7, message);

    [Fact]
    public void A_weighted_scenario_left_without_vus_names_itself_and_the_smallest_load_that_gives_it_one()
    {
        const string text = """
            name: p
            target: http://127.0.0.1:5080
            load: { vus: 3, duration: 1m }
            scenarios:
              - { name: rare, weight: 1, requests: [{ path: /a }] }
              - { name: common, weight: 9, requests: [{ path: /b }] }
            """;

        text.ShouldHaveOnlyProblem("scenarios[0].weight", 5,
            "scenario 'rare' gets no VUs from weight 1 of 10 (the load's vus: 3): vus of at least 10 give it one (load.vus)");
    }

    [Fact]
    public void An_arrival_rate_share_needs_a_rate_and_a_vu_for_every_slice()
    {
        const string text = """
            name: p
            slices: 2
            target: http://127.0.0.1:5080
            load: { executor: constant-arrival-rate, rate: 3, duration: 1m, preAllocatedVUs: 4 }
            scenarios:
              - { name: rare, weight: 1, requests: [{ path: /a }] }
              - { name: common, weight: 3, requests: [{ path: /b }] }
            """;

        var problems = PlanParser.Parse(text).Problems;

        problems.Select(p => (p.Field, p.Line)).ShouldBe([("scenarios[0].weight", 6), ("scenarios[0].weight", 6)]);
        problems[0].Message.ShouldStartWith("scenario 'rare' never starts an iteration: gets a rate of 0 from weight 1 of 4 (the load's rate: 3)");
        problems[1].Message.ShouldBe(
            "scenario 'rare' gets 1 maxVUs from weight 1 of 4 (the load's maxVUs: 4) and each of the plan's 2 slices needs one: maxVUs of at least 8 give it enough (load.maxVUs)");
    }

    [Fact]
    public void The_load_is_checked_like_a_scenario_load_model()
    {
        const string text = """
            name: p
            target: http://127.0.0.1:5080
            load:
              executor: constant-vus
              rate: 5
              name: x
            scenarios:
              - { name: a, weight: 1, requests: [{ path: /a }] }
            """;

        text.ShouldHaveProblem("load.rate", 5, "does not apply to the constant-vus executor");
        text.ShouldHaveProblem("load.name", 6, "unknown field 'name'");
        text.ShouldHaveProblem("load.vus", 4, "is required by the constant-vus executor");
    }

    [Fact]
    public void Problems_of_the_load_and_of_the_scenarios_are_reported_together()
    {
        const string text = """
            name: p
            target: http://127.0.0.1:5080
            load: { vus: 0, duration: 1m }
            scenarios:
              - { name: a, weight: 1, vus: 1, requests: [{ path: /a }] }
              - { name: b, vus: 1, duration: nope, requests: [{ path: /b }] }
            """;

        var fields = PlanParser.Parse(text).Problems.Select(p => p.Field).ToList();

        fields.ShouldBe(["load.vus", "scenarios[0].vus", "scenarios[1].duration"]);
    }

    [Fact]
    public void The_readme_example_splits_the_plateau_into_75_and_25_vus()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var section = readme[readme.IndexOf("### Weighted scenarios sharing one load", StringComparison.Ordinal)..];
        var start = section.IndexOf("```yaml\n", StringComparison.Ordinal) + "```yaml\n".Length;
        var example = section[start..section.IndexOf("```\n", start, StringComparison.Ordinal)];

        var result = PlanParser.Parse("name: readme\ntarget: http://127.0.0.1:5080\n" + example);

        result.Problems.ShouldBeEmpty();
        result.Plan!.Scenarios.Select(s => s.Stages.Count == 0 ? -1 : s.Stages[1].Target).ShouldBe([75, 25, -1]);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory!.FullName, "ServerlessLoad.sln")))
        {
            directory = directory.Parent;
        }

        return directory.FullName;
    }
}
