using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Core.Tests.Plans;

/// <summary>The canonical YAML stored beside a run must read back to the very plan that was run.</summary>
public class PlanYamlRoundTripTests
{
    [Fact]
    public void The_canonical_yaml_spells_out_every_field()
    {
        var plan = PlanParser.Parse("""
            name: small
            target: http://127.0.0.1:5080
            scenarios:
              - name: s
                vus: 2
                duration: 90
                requests:
                  - path: /fast
                    expect: [200, "300-399"]
                  - name: "8"
                    method: post
                    path: /echo
                    json: { a: 1 }
                    headers: { X-Flag: "true" }
            thresholds: ["rps > 1"]
            """).Plan!;

        PlanParser.ToYaml(plan).ShouldBe("""
            name: small
            slices: 1
            targets:
              default: http://127.0.0.1:5080/
            scenarios:
              - name: s
                executor: constant-vus
                vus: 2
                duration: 1m30s
                startTime: 0s
                requests:
                  - name: GET /fast
                    weight: 1
                    method: GET
                    target: default
                    path: /fast
                    expect:
                      - 200
                      - 300-399
                    timeout: 30s
                  - name: "8"
                    weight: 1
                    method: POST
                    target: default
                    path: /echo
                    headers:
                      X-Flag: "true"
                    body: '{"a":1}'
                    contentType: application/json
                    timeout: 30s
            thresholds:
              - rps > 1

            """);
    }

    [Fact]
    public void A_full_plan_survives_a_round_trip_field_by_field()
    {
        var plan = PlanParser.Parse(PlanParserGoodPlansTests.FullPlan).Plan!;

        var again = PlanParser.Parse(PlanParser.ToYaml(plan));

        again.Problems.ShouldBeEmpty();
        ShouldBeSamePlan(again.Plan!, plan);
        PlanParser.ToYaml(again.Plan!).ShouldBe(PlanParser.ToYaml(plan));
    }

    [Fact]
    public void Text_that_yaml_would_misread_is_quoted_so_it_reads_back_as_text()
    {
        var plan = SmallPlan(
            name: "null",
            requestName: "# not a comment: [no] & *no",
            headerValue: "- 'yes' \"no\" \\ ~",
            body: "line one\nline two\ttabbed: yes\n  \u00e9 \ud83d\ude00\n",
            timeout: TimeSpan.FromTicks(12_345_678));

        var again = PlanParser.Parse(PlanParser.ToYaml(plan));

        again.Problems.ShouldBeEmpty();
        ShouldBeSamePlan(again.Plan!, plan);
    }

    [Theory]
    [InlineData("100%", 1.0)]
    [InlineData("27.5%", 0.275)]
    [InlineData("0.05", 0.05)]
    [InlineData("0%", 0.0)]
    public void The_missing_load_tolerance_reads_back_as_it_was(string written, double fraction)
    {
        var plan = PlanParser.Parse($"""
            name: small
            target: http://127.0.0.1:5080
            scenarios:
              - name: s
                vus: 1
                duration: 1s
                requests:
                  - path: /fast
            maxMissingLoad: {written}
            """).Plan!;

        var again = PlanParser.Parse(PlanParser.ToYaml(plan));

        plan.MaxMissingLoad.ShouldBe(fraction);
        again.Problems.ShouldBeEmpty();
        again.Plan!.MaxMissingLoad.ShouldBe(fraction);
    }

    [Property(MaxTest = 300)]
    public Property Any_valid_plan_reads_back_to_an_equal_plan() =>
        Prop.ForAll(Arb.From(Plans()), plan =>
        {
            var yaml = PlanParser.ToYaml(plan);
            var again = PlanParser.Parse(yaml);
            again.Problems.ShouldBeEmpty(yaml);
            ShouldBeSamePlan(again.Plan!, plan);
            PlanParser.ToYaml(again.Plan!).ShouldBe(yaml);
        });

    internal static void ShouldBeSamePlan(Plan actual, Plan expected)
    {
        actual.Name.ShouldBe(expected.Name);
        actual.Slices.ShouldBe(expected.Slices);
        actual.Targets.ShouldBe(expected.Targets);
        actual.Thresholds.ShouldBe(expected.Thresholds);
        actual.AbortOnFail.ShouldBe(expected.AbortOnFail);
        actual.Scenarios.Count.ShouldBe(expected.Scenarios.Count);
        foreach (var (a, e) in actual.Scenarios.Zip(expected.Scenarios))
        {
            (a with { Requests = [], Stages = [], Steps = [], Data = [] }).ShouldBe(e with { Requests = [], Stages = [], Steps = [], Data = [] });
            PlanStepsRoundTripTests.ShouldBeSameSteps(a, e);
            a.Stages.ShouldBe(e.Stages);
            a.Requests.Count.ShouldBe(e.Requests.Count);
            foreach (var (ra, re) in a.Requests.Zip(e.Requests))
            {
                ra.Headers.ShouldBe(re.Headers);
                ra.Expect.ShouldBe(re.Expect);
                (ra with { Headers = re.Headers, Expect = re.Expect }).ShouldBe(re);
            }
        }
    }

    private static Plan SmallPlan(string name, string requestName, string headerValue, string body, TimeSpan timeout) => new()
    {
        Name = name,
        Targets = new Dictionary<string, Uri> { ["api"] = new("http://127.0.0.1:5080/base/") },
        Scenarios =
        [
            new Scenario
            {
                Name = "s",
                Vus = 1,
                Duration = TimeSpan.FromSeconds(1),
                Requests =
                [
                    new RequestSpec
                    {
                        Name = requestName,
                        Target = "api",
                        Path = "/x",
                        Method = "PUT",
                        Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["X-Odd"] = headerValue },
                        Body = body,
                        ContentType = "text/plain; charset=utf-8",
                        Timeout = timeout,
                    },
                ],
            },
        ],
    };

    /// <summary>Valid plans with awkward but legal text in every free-form field.</summary>
    private static Gen<Plan> Plans()
    {
        var freeText = Gen.ArrayOf(Gen.Elements("a", "Z", "9", " ", ":", "#", "-", "'", "\"", "\\", "\t", "\n", "null", "true", "1.5", "~", "&", "*", "!", "%", "@", "`", "|", ">", "\u00e9", "\ud83d\ude00"))
            .Select(parts => string.Concat(parts));
        var requestName = freeText.Select(text => "r" + text.Replace("\n", "", StringComparison.Ordinal).Replace("\t", "", StringComparison.Ordinal).Trim());
        var headerValue = freeText.Select(text => text.Replace("\n", "", StringComparison.Ordinal));
        var milliseconds = Gen.Choose(1, 86_400_000).Select(ms => TimeSpan.FromMilliseconds(ms));
        var request =
            from name in requestName
            from weight in Gen.Choose(1, 1000)
            from method in Gen.Elements(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
            from header in headerValue
            from body in Gen.OneOf(Gen.Constant<string?>(null), freeText.Select(text => (string?)text))
            from expect in Gen.Choose(100, 599)
            from timeout in Gen.Choose(1, 3_600_000)
            select new RequestSpec
            {
                Name = name,
                Weight = weight,
                Method = method,
                Target = "api",
                Path = "/p?q=" + weight,
                Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["X-Value"] = header },
                Body = body,
                ContentType = body is null ? null : "text/plain",
                Expect = [new StatusRange(expect, expect), new StatusRange(100, expect)],
                Timeout = TimeSpan.FromMilliseconds(timeout),
            };
        var scenario =
            from vus in Gen.Choose(1, 100_000)
            from duration in milliseconds
            from start in milliseconds
            from options in Options()
            from requests in Gen.ListOf(request, 2)
            select (vus, duration, start, options, requests);
        return
            from slices in Gen.Choose(1, 1000)
            from scenarios in Gen.ListOf(scenario, 2)
            from models in Gen.ListOf(LoadModels(slices), 2)
            select new Plan
            {
                Name = "plan " + slices,
                Slices = slices,
                Targets = new Dictionary<string, Uri> { ["api"] = new("https://localhost:5443/") },
                Scenarios = scenarios.Zip(models).Select((pair, i) => pair.Second(pair.First.options(new Scenario
                {
                    Name = "s" + i,
                    Vus = pair.First.vus,
                    Duration = pair.First.duration,
                    StartTime = pair.First.start,
                    Requests = pair.First.requests.Select((r, j) => r with { Name = $"{r.Name} {i}.{j}" }).ToList(),
                }))).ToList(),
                Thresholds = ["failures.rate < 1%", "latency.p99.9 <= 1s over 30s"],
                AbortOnFail = [new ThresholdAbort("failures.rate < 1%", TimeSpan.FromMilliseconds(slices * 10))],
            };
    }

    /// <summary>Any executor with valid, random fields (constant-vus keeps the vus and duration it was given).</summary>
    private static Gen<Func<Scenario, Scenario>> LoadModels(int slices)
    {
        var span = Gen.Choose(1, 3_600_000).Select(ms => TimeSpan.FromMilliseconds(ms));
        var stages = Gen.NonEmptyListOf(
                from ms in Gen.Choose(0, 600_000)
                from target in Gen.Choose(0, 1000)
                select new Stage(TimeSpan.FromMilliseconds(ms), target))
            .Select(list => (IReadOnlyList<Stage>)[.. list.Take(5), new Stage(TimeSpan.FromSeconds(1), list[0].Target)]);
        var vus = Gen.Choose(1, 5_000);
        return Gen.OneOf(
            Gen.Constant<Func<Scenario, Scenario>>(s => s),
            from start in Gen.Choose(1, 500)
            from ramp in stages
            select (Func<Scenario, Scenario>)(s => s with { Executor = Executors.RampingVus, Vus = 0, Duration = TimeSpan.Zero, StartVus = start, Stages = ramp }),
            from users in vus
            from extra in Gen.Choose(0, 1_000_000)
            from max in span
            from shared in Gen.Elements(true, false)
            select (Func<Scenario, Scenario>)(s => s with
            {
                Executor = shared ? Executors.SharedIterations : Executors.PerVuIterations,
                Vus = users,
                Duration = TimeSpan.Zero,
                Iterations = users + extra,
                MaxDuration = max,
            }),
            from rate in Gen.Choose(1, 1000)
            from unit in Gen.Choose(1, 60_000)
            from pre in Gen.Choose(1, 5_000)
            from more in Gen.Choose(0, 5_000)
            from ramping in Gen.Elements(true, false)
            from ramp in stages
            from connections in Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(0, 1000).Select(c => (int?)c))
            select (Func<Scenario, Scenario>)(s =>
            {
                var max = Math.Max(pre, slices) + more;
                var arrival = s with
                {
                    Executor = ramping ? Executors.RampingArrivalRate : Executors.ConstantArrivalRate,
                    Vus = 0,
                    Rate = ramping ? 0 : rate,
                    StartRate = ramping ? rate : 0,
                    Stages = ramping ? ramp : [],
                    Duration = ramping ? TimeSpan.Zero : s.Duration,
                    TimeUnit = TimeSpan.FromMilliseconds(unit),
                    PreAllocatedVus = pre,
                    MaxVus = max,
                    Connections = connections is { } c ? Math.Min(max, slices + c) : null,
                };
                return arrival;
            }));
    }

    /// <summary>The scenario options, at their defaults or not.</summary>
    private static Gen<Func<Scenario, Scenario>> Options() =>
        from stop in Gen.Choose(0, 120_000)
        from think in Gen.Choose(0, 5_000)
        from spread in Gen.Choose(0, 5_000)
        from distribution in Gen.Elements(ThinkDistribution.Fixed, ThinkDistribution.Uniform, ThinkDistribution.Normal)
        from cookies in Gen.Elements(true, false)
        from http2 in Gen.Elements(true, false)
        from insecure in Gen.Elements(true, false)
        from fresh in Gen.Elements(true, false)
        from streams in Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(1, 10_000).Select(n => (int?)n))
        select (Func<Scenario, Scenario>)(s => s with
        {
            GracefulStop = TimeSpan.FromMilliseconds(stop),
            ThinkTime = distribution switch
            {
                ThinkDistribution.Uniform => ThinkTime.Uniform(TimeSpan.FromMilliseconds(think), TimeSpan.FromMilliseconds(think + spread)),
                ThinkDistribution.Normal => ThinkTime.Normal(TimeSpan.FromMilliseconds(think), TimeSpan.FromMilliseconds(spread)),
                _ => ThinkTime.Fixed(TimeSpan.FromMilliseconds(think)),
            },
            Cookies = cookies,
            HttpVersion = http2 ? HttpVersions.Http2 : HttpVersions.Http11,
            StreamsPerConnection = http2 ? streams : null,
            InsecureSkipTlsVerify = insecure,
            NewConnectionPerIteration = fresh,
        });
}
