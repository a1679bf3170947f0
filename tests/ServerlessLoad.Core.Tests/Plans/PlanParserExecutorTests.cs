using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Core.Tests.Plans;

/// <summary>Each executor's fields are read, defaulted and checked; nonsense never reaches a runner.</summary>
public class PlanParserExecutorTests
{
    private const string Head = """
        name: p
        slices: 2
        target: http://127.0.0.1:5080
        scenarios:
        """;

    [Fact]
    public void A_mixed_plan_with_every_executor_reads_each_one_with_its_fields_and_defaults()
    {
        var plan = PlanParser.Parse(Head + """

              - name: steady
                vus: 4
                duration: 30s
                requests: [{ path: /a }]
              - name: ramp
                executor: ramping-vus
                stages: [{ duration: 10s, target: 20 }, { duration: 5s, target: 0 }]
                requests: [{ path: /b }]
              - name: batch
                executor: shared-iterations
                vus: 10
                iterations: 100
                requests: [{ path: /c }]
              - name: each
                executor: per-vu-iterations
                requests: [{ path: /d }]
              - name: open
                executor: constant-arrival-rate
                rate: 50
                timeUnit: 1m
                duration: 2m
                preAllocatedVUs: 5
                connections: 2
                startTime: 10s
                requests: [{ path: /e }]
              - name: spike
                executor: ramping-arrival-rate
                startRate: 10
                stages: [{ duration: 0s, target: 300 }, { duration: 20s, target: 300 }]
                preAllocatedVUs: 10
                maxVUs: 200
                gracefulStop: 5s
                thinkTime: 100ms
                httpVersion: "2"
                insecureSkipTLSVerify: true
                newConnectionPerIteration: true
                requests: [{ path: /f }]
            """).Plan!;

        var s = plan.Scenarios.ToDictionary(x => x.Name);
        (s["steady"].Executor, s["steady"].Vus, s["steady"].Duration).ShouldBe((Executors.ConstantVus, 4, TimeSpan.FromSeconds(30)));
        s["ramp"].StartVus.ShouldBe(1);
        s["ramp"].Stages.ShouldBe([new Stage(TimeSpan.FromSeconds(10), 20), new Stage(TimeSpan.FromSeconds(5), 0)]);
        (s["batch"].Vus, s["batch"].Iterations, s["batch"].MaxDuration).ShouldBe((10, 100, TimeSpan.FromMinutes(10)));
        (s["each"].Vus, s["each"].Iterations).ShouldBe((1, 1));
        var open = s["open"];
        (open.Rate, open.TimeUnit, open.Duration, open.PreAllocatedVus, open.MaxVus, open.Connections)
            .ShouldBe((50, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), 5, 5, (int?)2));
        var spike = s["spike"];
        (spike.StartRate, spike.MaxVus, spike.GracefulStop, spike.ThinkTime, spike.HttpVersion).ShouldBe((10, 200, TimeSpan.FromSeconds(5), ThinkTime.Fixed(TimeSpan.FromMilliseconds(100)), HttpVersions.Http2));
        spike.InsecureSkipTlsVerify.ShouldBeTrue();
        spike.NewConnectionPerIteration.ShouldBeTrue();
        s["steady"].GracefulStop.ShouldBe(TimeSpan.FromSeconds(30));
        s["steady"].HttpVersion.ShouldBe(HttpVersions.Http11);
    }

    [Fact]
    public void Each_executor_runs_for_its_own_length_and_the_plan_for_the_longest_from_its_start()
    {
        var plan = PlanParser.Parse(Head + """

              - { name: a, vus: 1, duration: 30s, requests: [{ path: /a }] }
              - { name: b, executor: ramping-vus, startTime: 5s, stages: [{ duration: 10s, target: 2 }, { duration: 20s, target: 0 }], requests: [{ path: /b }] }
              - { name: c, executor: per-vu-iterations, maxDuration: 40s, requests: [{ path: /c }] }
            """).Plan!;

        plan.Scenarios.Select(x => x.Length).ShouldBe([TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(40)]);
        plan.TotalDuration.ShouldBe(TimeSpan.FromSeconds(40));
    }

    [Fact]
    public void An_arrival_rate_scenario_without_its_required_fields_reports_each_one()
    {
        var text = Head + """

              - name: open
                executor: constant-arrival-rate
                requests: [{ path: /e }]
            """;

        text.ShouldHaveProblem("scenarios[0].rate", 5, "is required by the constant-arrival-rate executor");
        text.ShouldHaveProblem("scenarios[0].duration", 5, "is required by the constant-arrival-rate executor");
        text.ShouldHaveProblem("scenarios[0].preAllocatedVUs", 5, "is required by the constant-arrival-rate executor");
        PlanParser.Parse(text).Problems.Count.ShouldBe(3);
    }

    [Fact]
    public void A_field_of_another_executor_is_rejected_naming_the_executors_that_take_it()
    {
        var text = Head + """

              - name: open
                executor: constant-arrival-rate
                rate: 5
                duration: 1s
                preAllocatedVUs: 2
                vus: 10
                requests: [{ path: /e }]
            """;

        text.ShouldHaveOnlyProblem("scenarios[0].vus", 10,
            "does not apply to the constant-arrival-rate executor (it is a field of constant-vus, shared-iterations, per-vu-iterations)");
    }

    [Theory]
    [InlineData("rate: -5", "scenarios[0].rate", "must be between 1 and 10000000, found -5")]
    [InlineData("rate: 0", "scenarios[0].rate", "must be between 1 and 10000000, found 0")]
    [InlineData("preAllocatedVUs: 0", "scenarios[0].preAllocatedVUs", "must be between 1 and 100000, found 0")]
    [InlineData("timeUnit: 0s", "scenarios[0].timeUnit", "must be greater than 0")]
    [InlineData("rate: 2000000\n    timeUnit: 100ms", "scenarios[0].rate", "asks for more than 10,000,000 iterations per second")]
    [InlineData("maxVUs: 1", "scenarios[0].maxVUs", "must be at least preAllocatedVUs (2), found 1")]
    [InlineData("connections: 30", "scenarios[0].connections", "must be at most maxVUs (20): a connection serves one VU at a time, found 30")]
    [InlineData("connections: 1", "scenarios[0].connections", "must be at least the plan's slices (2): every slice needs a connection, found 1")]
    public void Nonsense_in_an_arrival_rate_scenario_is_reported(string change, string field, string message)
    {
        var lines = new Dictionary<string, string>
        {
            ["rate"] = "rate: 5",
            ["timeUnit"] = "timeUnit: 1s",
            ["preAllocatedVUs"] = "preAllocatedVUs: 2",
            ["maxVUs"] = "maxVUs: 20",
        };
        foreach (var line in change.Split('\n'))
        {
            lines[line.Split(':')[0].Trim()] = line.Trim();
        }

        var text = Head + $$"""

              - name: open
                executor: constant-arrival-rate
                duration: 1s
                {{string.Join("\n    ", lines.Values)}}
                requests: [{ path: /e }]
            """;

        var problems = PlanParser.Parse(text).Problems;

        problems.ShouldHaveSingleItem().Field.ShouldBe(field);
        problems[0].Message.ShouldContain(message);
    }

    [Fact]
    public void Max_vus_below_the_slice_count_is_reported_because_every_slice_takes_arrivals()
    {
        var text = """
            name: p
            slices: 4
            target: http://127.0.0.1:5080
            scenarios:
              - { name: open, executor: constant-arrival-rate, rate: 10, duration: 1s, preAllocatedVUs: 2, maxVUs: 3, requests: [{ path: /e }] }
            """;

        text.ShouldHaveOnlyProblem("scenarios[0].maxVUs", 5, "must be at least the plan's slices (4)");
    }

    [Theory]
    [InlineData("stages: []", "scenarios[0].stages", 7, "must list at least one stage")]
    [InlineData("stages: [{ duration: 0s, target: 5 }]", "scenarios[0].stages", 7, "must last longer than 0s in total")]
    [InlineData("stages: [{ duration: 1s, target: -1 }]", "scenarios[0].stages[0].target", 7, "must be between 0 and 100000, found -1")]
    [InlineData("stages: [{ duration: 1s }]", "scenarios[0].stages[0].target", 7, "is required")]
    [InlineData("stages: [{ duration: 1s, target: 1, hold: 2s }]", "scenarios[0].stages[0].hold", 7, "unknown field 'hold'")]
    [InlineData("stages: [{ duration: 20h, target: 1 }, { duration: 5h, target: 1 }]", "scenarios[0].stages", 7, "must last at most 24h in total, found 25h")]
    [InlineData("stages: 5", "scenarios[0].stages", 7, "expected a list")]
    public void Broken_stages_are_reported_at_their_line(string stages, string field, int line, string message)
    {
        var text = Head + $$"""

              - name: ramp
                executor: ramping-vus
                {{stages}}
                requests: [{ path: /b }]
            """;

        text.ShouldHaveOnlyProblem(field, line, message);
    }

    [Fact]
    public void A_ramp_that_never_has_a_virtual_user_is_reported()
    {
        var text = Head + """

              - { name: ramp, executor: ramping-vus, startVUs: 0, stages: [{ duration: 5s, target: 0 }], requests: [{ path: /b }] }
            """;

        text.ShouldHaveOnlyProblem("scenarios[0].stages", 5, "never has a virtual user");
    }

    [Fact]
    public void A_rate_ramp_that_never_starts_an_iteration_is_reported()
    {
        var text = Head + """

              - { name: ramp, executor: ramping-arrival-rate, preAllocatedVUs: 2, stages: [{ duration: 5s, target: 0 }], requests: [{ path: /b }] }
            """;

        text.ShouldHaveOnlyProblem("scenarios[0].stages", 5, "never starts an iteration");
    }

    [Fact]
    public void Shared_iterations_need_at_least_one_iteration_per_virtual_user()
    {
        var text = Head + """

              - { name: batch, executor: shared-iterations, vus: 10, iterations: 5, requests: [{ path: /c }] }
            """;

        text.ShouldHaveOnlyProblem("scenarios[0].iterations", 5, "must be at least vus (10): every virtual user needs an iteration, found 5");
    }

    [Theory]
    [InlineData("httpVersion: 3", "scenarios[0].httpVersion", "must be \"1.1\" or \"2\", found 3")]
    [InlineData("insecureSkipTLSVerify: yes", "scenarios[0].insecureSkipTLSVerify", "expected true or false, found the text 'yes'")]
    [InlineData("newConnectionPerIteration: 1", "scenarios[0].newConnectionPerIteration", "expected true or false, found the number 1")]
    [InlineData("thinkTime: 2h", "scenarios[0].thinkTime", "must be at most 1h")]
    [InlineData("gracefulStop: soon", "scenarios[0].gracefulStop", "expected a duration")]
    public void Broken_options_are_reported(string option, string field, string message)
    {
        var text = Head + $$"""

              - name: s
                vus: 1
                duration: 1s
                {{option}}
                requests: [{ path: /a }]
            """;

        text.ShouldHaveOnlyProblem(field, 8, message);
    }

    [Theory]
    [InlineData("streamsPerConnection: 0", "must be between 1 and 10000")]
    [InlineData("streamsPerConnection: many", "expected a whole number")]
    public void Broken_http2_streams_are_reported(string option, string message)
    {
        var text = Head + $$"""

              - name: s
                vus: 1
                duration: 1s
                httpVersion: "2"
                {{option}}
                requests: [{ path: /a }]
            """;

        text.ShouldHaveOnlyProblem("scenarios[0].streamsPerConnection", 9, message);
    }

    [Fact]
    public void Streams_per_connection_over_http_1_1_are_reported_where_they_are_written()
    {
        var text = Head + """

              - name: s
                vus: 1
                duration: 1s
                streamsPerConnection: 10
                requests: [{ path: /a }]
            """;

        text.ShouldHaveOnlyProblem("scenarios[0].streamsPerConnection", 8, "applies to HTTP/2 only");
    }

    [Fact]
    public void Http2_streams_per_connection_are_read_and_default_to_none_set()
    {
        var plan = PlanParser.Parse(Head + """

              - { name: one, vus: 50, duration: 1s, httpVersion: "2", streamsPerConnection: 50, requests: [{ path: /a }] }
              - { name: each, vus: 50, duration: 1s, httpVersion: "2", streamsPerConnection: 1, requests: [{ path: /b }] }
              - { name: default, vus: 50, duration: 1s, httpVersion: "2", requests: [{ path: /c }] }
            """);

        plan.Problems.ShouldBeEmpty();
        plan.Plan!.Scenarios.Select(s => s.StreamsPerConnection).ShouldBe([50, 1, null]);
    }

    [Fact]
    public void Every_problem_of_every_scenario_is_reported_at_once_in_line_order()
    {
        var problems = PlanParser.Parse(Head + """

              - { name: a, executor: ramping-vus, stages: [], requests: [{ path: /a }] }
              - { name: b, executor: constant-arrival-rate, rate: -1, duration: 1s, preAllocatedVUs: 1, requests: [{ path: /b }] }
              - { name: c, executor: shared-iterations, vus: 4, iterations: 2, requests: [{ path: /c }] }
              - { name: d, executor: per-vu-iterations, duration: 5s, requests: [{ path: /d }] }
            """).Problems;

        problems.Select(p => (p.Field, p.Line)).ShouldBe(
        [
            ("scenarios[0].stages", 5),
            ("scenarios[1].rate", 6),
            ("scenarios[2].iterations", 7),
            ("scenarios[3].duration", 8),
        ]);
    }

    [Fact]
    public void An_arrival_rate_scenario_writes_its_canonical_yaml_with_only_its_own_fields()
    {
        var plan = PlanParser.Parse(Head + """

              - { name: open, executor: ramping-arrival-rate, stages: [{ duration: 5s, target: 20 }], preAllocatedVUs: 2, thinkTime: 10ms, requests: [{ path: /e }] }
            """).Plan!;

        PlanParser.ToYaml(plan).ShouldContain("""
              - name: open
                executor: ramping-arrival-rate
                startRate: 0
                timeUnit: 1s
                stages:
                  - duration: 5s
                    target: 20
                preAllocatedVUs: 2
                maxVUs: 2
                startTime: 0s
                thinkTime: 10ms
                requests:
            """.Replace("\r\n", "\n", StringComparison.Ordinal));
    }
}
