using ServerlessLoad.Cli.Target;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Results;
using ServerlessLoad.Runner.Engine;
using ServerlessLoad.Runner.Tests.Support;

namespace ServerlessLoad.Runner.Tests.Engine;

/// <summary>
/// An open-model run against a target that stalls once for a second: requests planned during the stall wait for a
/// connection and go out late. Latency from the planned start shows the stall; service time (from the send) does not.
/// </summary>
public sealed class CoordinatedOmissionTests : IAsyncLifetime
{
    private DemoTarget target = null!;

    public async Task InitializeAsync() =>
        target = await DemoTarget.StartAsync(new DemoTargetOptions(), CancellationToken.None);

    public async Task DisposeAsync() => await target.DisposeAsync();

    [Fact]
    public async Task A_one_second_stall_shows_in_the_corrected_latency_p99_but_not_in_the_service_time_p99()
    {
        var scenario = new Scenario
        {
            Name = "open",
            Executor = Executors.ConstantArrivalRate,
            Rate = 200,
            Duration = TimeSpan.FromSeconds(10),
            PreAllocatedVus = 2,
            MaxVus = 400,
            Connections = 2,
            Requests = [TestPlans.Get("stall", "/stall?at=4&for=1000")],
        };
        var plan = TestPlans.WithScenarios(target.BaseAddress, scenario);
        var startAt = DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(300);
        var recorder = new SliceRecorder(startAt, TimeProvider.System);

        await SliceExecution.RunAsync(new SliceContext(plan, 0, 1, startAt, recorder, TimeProvider.System), CancellationToken.None);
        var seconds = recorder.TakeAll("run", 0, 1);

        var stats = new RequestStats();
        // A second in which no request completed (the stall) holds no entry for the request.
        foreach (var second in seconds.Where(s => s.Requests.ContainsKey("stall")))
        {
            stats.Add(second.Requests["stall"]);
        }

        stats.Requests.ShouldBe(2000);
        seconds.Sum(s => s.DroppedArrivals.Values.Sum()).ShouldBe(0);
        stats.Latency.ValueAtPercentile(99).ShouldBeGreaterThanOrEqualTo(800_000);
        stats.ServiceTime.ValueAtPercentile(99).ShouldBeLessThan(200_000);
        stats.ServiceTime.MaxMicros.ShouldBeGreaterThanOrEqualTo(800_000);
    }
}
