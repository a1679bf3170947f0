using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Slicing;

namespace ServerlessLoad.Reports.Tests.Aggregation;

public class PlannedLoadTests
{
    private static Scenario Ramping(string executor, int start, params (int Seconds, int Target)[] stages) => new()
    {
        Name = executor,
        Executor = executor,
        StartVus = executor == Executors.RampingVus ? start : 0,
        StartRate = executor == Executors.RampingArrivalRate ? start : 0,
        Stages = stages.Select(s => new Stage(TimeSpan.FromSeconds(s.Seconds), s.Target)).ToList(),
        Requests = [new RequestSpec { Name = "r-" + executor, Target = "t", Path = "/" }],
    };

    private static Plan PlanOf(params Scenario[] scenarios) => new()
    {
        Name = "p",
        Targets = new Dictionary<string, Uri> { ["t"] = new("http://127.0.0.1:1/") },
        Scenarios = scenarios,
    };

    [Fact]
    public void Ramping_vus_are_sampled_in_the_middle_of_each_second()
    {
        var scenario = Ramping(Executors.RampingVus, 0, (10, 100), (5, 100));

        Enumerable.Range(0, 16).Select(s => PlannedLoad.VusIn(scenario, s))
            .ShouldBe([5, 15, 25, 35, 45, 55, 65, 75, 85, 95, 100, 100, 100, 100, 100, 0]);
    }

    [Fact]
    public void Arrivals_per_second_add_up_to_the_schedules_whole_count()
    {
        var scenario = Ramping(Executors.RampingArrivalRate, 10, (7, 50), (3, 0)) with { StartTime = TimeSpan.FromSeconds(2) };

        var perSecond = Enumerable.Range(0, 20).Select(s => PlannedLoad.ArrivalsIn(scenario, s)).ToList();

        perSecond.Sum().ShouldBe(ArrivalSchedule.Count(scenario));
        perSecond.Take(2).ShouldBe([0L, 0L]);
        perSecond.Skip(12).ShouldAllBe(n => n == 0);
    }

    [Fact]
    public void A_constant_arrival_rate_plans_its_rate_every_second_from_its_start_time()
    {
        var scenario = new Scenario
        {
            Name = "c",
            Executor = Executors.ConstantArrivalRate,
            Rate = 20,
            TimeUnit = TimeSpan.FromSeconds(2),
            Duration = TimeSpan.FromSeconds(4),
            StartTime = TimeSpan.FromSeconds(1),
            Requests = [new RequestSpec { Name = "c", Target = "t", Path = "/" }],
        };

        Enumerable.Range(0, 7).Select(s => PlannedLoad.ArrivalsIn(scenario, s)).ShouldBe([0L, 10, 10, 10, 10, 0, 0]);
    }

    [Fact]
    public void The_plan_adds_its_scenarios_and_iteration_executors_plan_no_target()
    {
        var plan = PlanOf(
            new Scenario { Name = "a", Vus = 3, Duration = TimeSpan.FromSeconds(5), Requests = [new RequestSpec { Name = "a", Target = "t", Path = "/" }] },
            new Scenario { Name = "b", Vus = 2, Duration = TimeSpan.FromSeconds(5), StartTime = TimeSpan.FromSeconds(2), Requests = [new RequestSpec { Name = "b", Target = "t", Path = "/" }] },
            new Scenario { Name = "i", Executor = Executors.SharedIterations, Vus = 50, Iterations = 100, Requests = [new RequestSpec { Name = "i", Target = "t", Path = "/" }] });

        Enumerable.Range(0, 8).Select(s => PlannedLoad.VusIn(plan, s)).ShouldBe([3, 3, 5, 5, 5, 2, 2, 0]);
        PlannedLoad.HasVuTarget(plan).ShouldBeTrue();
        PlannedLoad.HasArrivalRate(plan).ShouldBeFalse();
    }
}
