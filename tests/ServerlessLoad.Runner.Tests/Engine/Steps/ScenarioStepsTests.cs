using ServerlessLoad.Core.Plans;
using ServerlessLoad.Runner.Engine.Steps;
using static ServerlessLoad.Runner.Tests.Engine.Steps.StepRuns;

namespace ServerlessLoad.Runner.Tests.Engine.Steps;

public sealed class ScenarioStepsTests
{
    private static readonly Uri Target = new("http://127.0.0.1:9/");

    [Fact]
    public void Constant_steps_judged_on_status_and_latency_go_through_the_socket_engine_and_the_others_through_http_client()
    {
        var plain = Send("plain", "/plain") with { Checks = [Status(200), LatencyUnder(TimeSpan.FromSeconds(1))] };
        var templated = Send("templated", "/user/{{vu}}");
        var headerCheck = Send("header-check", "/h") with { Checks = [CheckOf(CheckKind.Header, "X-A", null)] };
        var capturing = Send("capturing", "/c") with { Captures = [new Capture("v", CaptureSource.Header, "X-A")] };
        var also = Send("also-plain", "/also");

        var steps = new ScenarioSteps(PlanFor(Target, Journey(1, 1, plain, templated, headerCheck, capturing, also)), Journey(1, 1, plain, templated, headerCheck, capturing, also));

        steps.SocketEngineRequests.Select(r => r.Name).ShouldBe(["plain", "also-plain"]);
    }

    [Fact]
    public void With_cookies_every_step_goes_through_http_client()
    {
        var scenario = Journey(1, 1, Send("plain", "/plain")) with { Cookies = true };

        new ScenarioSteps(PlanFor(Target, scenario), scenario).SocketEngineRequests.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(0, 3, 1)]
    [InlineData(1, 3, 4)]
    [InlineData(2, 3, 7)]
    public void Vu_numbers_continue_from_the_earlier_slices_shares(int slice, int slices, long firstNumber)
    {
        var scenario = Journey(vus: 10, iterations: 1, Send("plain", "/plain"));

        new ScenarioSteps(PlanFor(Target, scenario), scenario).VuNumber(slice, slices, 0).ShouldBe(firstNumber);
    }

    [Fact]
    public void Vu_numbers_of_arrival_rate_scenarios_follow_the_split_of_max_vus()
    {
        var scenario = Journey(vus: 0, iterations: 0, Send("plain", "/plain")) with { Executor = Executors.ConstantArrivalRate, MaxVus = 9, Rate = 1 };

        new ScenarioSteps(PlanFor(Target, scenario), scenario).VuNumber(1, 2, 2).ShouldBe(4 + 2 + 1);
    }
}
