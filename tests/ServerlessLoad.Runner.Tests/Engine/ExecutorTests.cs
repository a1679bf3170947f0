using ServerlessLoad.Cli.Target;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Results;
using ServerlessLoad.Core.Slicing;
using ServerlessLoad.Runner.Engine;
using ServerlessLoad.Runner.Tests.Support;

namespace ServerlessLoad.Runner.Tests.Engine;

/// <summary>Every executor, run for real against the in-process demo target, split over slices run side by side.</summary>
public sealed class ExecutorTests : IAsyncLifetime
{
    private static readonly TimeSpan Lead = TimeSpan.FromMilliseconds(300);

    private DemoTarget target = null!;

    public async Task InitializeAsync() =>
        target = await DemoTarget.StartAsync(new DemoTargetOptions(), CancellationToken.None);

    public async Task DisposeAsync() => await target.DisposeAsync();

    [Fact]
    public async Task Shared_iterations_run_exactly_the_planned_number_of_requests_across_slices()
    {
        var scenario = Scenario(Executors.SharedIterations, "/fast") with { Vus = 3, Iterations = 25 };

        var slices = await RunSlicesAsync(scenario, count: 2);

        slices.Select(s => s.Sum(x => x.TotalRequests)).ShouldBe([12L, 13L]);
        target.TotalServed.ShouldBe(25);
    }

    [Fact]
    public async Task Per_vu_iterations_run_each_virtual_users_iterations()
    {
        var scenario = Scenario(Executors.PerVuIterations, "/fast") with { Vus = 5, Iterations = 4 };

        var slices = await RunSlicesAsync(scenario, count: 2);

        slices.Select(s => s.Sum(x => x.TotalRequests)).ShouldBe([8L, 12L]);
        target.TotalServed.ShouldBe(20);
    }

    [Fact]
    public async Task Iterations_stop_at_max_duration_when_they_are_not_done()
    {
        var scenario = Scenario(Executors.PerVuIterations, "/work?ms=100") with { Vus = 1, Iterations = 1000, MaxDuration = TimeSpan.FromMilliseconds(500) };

        var requests = (await RunSlicesAsync(scenario, count: 1))[0].Sum(x => x.TotalRequests);

        requests.ShouldBeInRange(3, 6);
        target.TotalServed.ShouldBe(requests);
    }

    [Fact]
    public async Task A_constant_arrival_rate_starts_exactly_the_planned_arrivals_across_slices_and_drops_none()
    {
        var scenario = Scenario(Executors.ConstantArrivalRate, "/fast") with
        {
            Rate = 200,
            Duration = TimeSpan.FromSeconds(1),
            PreAllocatedVus = 6,

            // Room for a cold test process on a busy machine, whose first requests take hundreds of milliseconds.
            MaxVus = 300,
        };

        var slices = await RunSlicesAsync(scenario, count: 3);
        var all = slices.SelectMany(s => s).ToList();

        all.Sum(s => s.TotalRequests).ShouldBe(200, $"dropped {all.Sum(s => s.DroppedArrivals.Values.Sum())}");
        slices.Select(s => s.Sum(x => x.TotalRequests)).ShouldBe([67L, 67L, 66L]);
        target.TotalServed.ShouldBe(200);
        all.Sum(s => s.DroppedArrivals.Values.Sum()).ShouldBe(0);
        var merged = Merge(all)["fast"];
        merged.ServiceTime.TotalCount.ShouldBe(200);
        merged.Latency.TotalCount.ShouldBe(200);
    }

    [Fact]
    public async Task A_slice_resumed_mid_run_starts_only_the_arrivals_from_its_resume_point()
    {
        var scenario = Scenario(Executors.ConstantArrivalRate, "/fast") with
        {
            Rate = 50,
            Duration = TimeSpan.FromSeconds(2),
            PreAllocatedVus = 4,
            MaxVus = 50,
        };
        var plan = TestPlans.WithScenarios(target.BaseAddress, scenario);
        var startAt = DateTimeOffset.UtcNow + Lead;
        var recorder = new SliceRecorder(startAt, TimeProvider.System);

        await SliceExecution.RunAsync(new SliceContext(plan, 0, 1, startAt, recorder, TimeProvider.System) { ResumeAt = startAt + TimeSpan.FromSeconds(1) }, CancellationToken.None);
        var seconds = recorder.TakeAll("run", 0, 2);

        seconds.Sum(s => s.TotalRequests).ShouldBe(50);
        seconds.Where(s => s.Second < 1).Sum(s => s.TotalRequests).ShouldBe(0);
        target.TotalServed.ShouldBe(50);
    }

    [Fact]
    public async Task Arrivals_that_find_no_free_virtual_user_are_counted_as_dropped_never_skipped()
    {
        var scenario = Scenario(Executors.ConstantArrivalRate, "/work?ms=300") with
        {
            Rate = 40,
            Duration = TimeSpan.FromSeconds(1),
            PreAllocatedVus = 1,
            MaxVus = 2,
        };

        var seconds = (await RunSlicesAsync(scenario, count: 1))[0];

        var started = seconds.Sum(s => s.TotalRequests);
        var dropped = seconds.Sum(s => s.DroppedArrivals.GetValueOrDefault("s"));
        (started + dropped).ShouldBe(40);
        started.ShouldBeInRange(2, 10);
        dropped.ShouldBeGreaterThanOrEqualTo(30);
        target.TotalServed.ShouldBe(started);
    }

    [Fact]
    public async Task A_ramping_arrival_rate_starts_the_arrivals_of_its_schedule()
    {
        var scenario = Scenario(Executors.RampingArrivalRate, "/fast") with
        {
            StartRate = 0,
            Stages = [new Stage(TimeSpan.FromSeconds(1), 200), new Stage(TimeSpan.FromMilliseconds(500), 0)],
            PreAllocatedVus = 4,
            MaxVus = 20,
        };

        var slices = await RunSlicesAsync(scenario, count: 2);

        slices.Sum(s => s.Sum(x => x.TotalRequests)).ShouldBe(ArrivalSchedule.Count(scenario));
        ArrivalSchedule.Count(scenario).ShouldBe(150);
        target.TotalServed.ShouldBe(150);
    }

    [Fact]
    public async Task Ramping_vus_follow_their_stages_and_end_with_none()
    {
        var scenario = Scenario(Executors.RampingVus, "/work?ms=20") with
        {
            StartVus = 0,
            Stages = [new Stage(TimeSpan.FromMilliseconds(800), 4), new Stage(TimeSpan.FromMilliseconds(800), 4), new Stage(TimeSpan.FromMilliseconds(400), 0)],
        };

        var slices = await RunSlicesAsync(scenario, count: 2);

        slices.Select(s => s.Max(x => x.ActiveVus)).ShouldAllBe(peak => peak == 2);
        slices.Select(s => s.Last().ActiveVus).ShouldAllBe(vus => vus == 0);
        slices.Sum(s => s.Sum(x => x.TotalRequests)).ShouldBe(target.TotalServed);
        target.TotalServed.ShouldBeGreaterThan(50);
    }

    [Fact]
    public async Task Think_time_paces_each_virtual_user()
    {
        var scenario = Scenario(Executors.ConstantVus, "/fast") with { Vus = 1, Duration = TimeSpan.FromSeconds(1), ThinkTime = ThinkTime.Fixed(TimeSpan.FromMilliseconds(100)) };

        var requests = (await RunSlicesAsync(scenario, count: 1))[0].Sum(x => x.TotalRequests);

        // 100 ms of think time allows at most 11 requests in the second (without it /fast serves hundreds); a busy
        // machine may start the user late, so fewer is no failure of pacing.
        requests.ShouldBeInRange(1, 11);
    }

    [Fact]
    public async Task Requests_still_running_after_the_graceful_stop_are_cut_off_and_not_counted()
    {
        var scenario = Scenario(Executors.ConstantVus, "/work?ms=3000") with
        {
            Vus = 2,
            Duration = TimeSpan.FromMilliseconds(200),
            GracefulStop = TimeSpan.FromMilliseconds(300),
        };
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var seconds = (await RunSlicesAsync(scenario, count: 1))[0];

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2.5));
        seconds.Sum(s => s.TotalRequests).ShouldBe(0);
    }

    [Fact]
    public async Task Keep_alive_connections_are_set_up_once_per_virtual_user_and_a_new_one_per_iteration_when_asked()
    {
        var keepAlive = Scenario(Executors.PerVuIterations, "/fast") with { Vus = 3, Iterations = 10 };
        var fresh = keepAlive with { NewConnectionPerIteration = true };

        var kept = Merge((await RunSlicesAsync(keepAlive, count: 1))[0])["fast"];
        var renewed = Merge((await RunSlicesAsync(fresh, count: 1))[0])["fast"];

        kept.ConnectTime.TotalCount.ShouldBe(3);
        renewed.ConnectTime.TotalCount.ShouldBe(30);
        kept.TimeToFirstByte.TotalCount.ShouldBe(30);
    }

    [Fact]
    public async Task Scenarios_with_different_executors_and_start_times_run_side_by_side()
    {
        var closed = Scenario(Executors.ConstantVus, "/fast") with { Vus = 2, Duration = TimeSpan.FromSeconds(1) };
        var open = Scenario(Executors.ConstantArrivalRate, "/work?ms=1") with
        {
            Name = "open",
            Rate = 50,
            Duration = TimeSpan.FromMilliseconds(500),
            StartTime = TimeSpan.FromSeconds(1),
            PreAllocatedVus = 2,
            MaxVus = 10,
            Requests = [TestPlans.Get("work", "/work?ms=1")],
        };
        var plan = TestPlans.WithScenarios(target.BaseAddress, closed, open) with { Slices = 2 };

        var slices = await RunSlicesAsync(plan);
        var merged = Merge(slices.SelectMany(s => s));

        merged["work"].Requests.ShouldBe(25);
        slices.SelectMany(s => s).Where(s => s.Second < 1).Sum(s => s.Requests.GetValueOrDefault("work")?.Requests ?? 0).ShouldBe(0);
        (merged["fast"].Requests + merged["work"].Requests).ShouldBe(target.TotalServed);
    }

    [Fact]
    public async Task Every_second_of_a_slice_carries_the_generators_health()
    {
        var scenario = Scenario(Executors.ConstantVus, "/fast") with { Vus = 2, Duration = TimeSpan.FromMilliseconds(1500) };

        var seconds = (await RunSlicesAsync(scenario, count: 1))[0];

        seconds.Count.ShouldBeGreaterThanOrEqualTo(2);
        seconds.ShouldAllBe(s => s.Health != null);
        seconds[0].Health!.ActiveVus.ShouldBe(2);
        seconds.ShouldAllBe(s => s.Health!.WorkingSetBytes > 0 && s.Health.CpuPercent >= 0 && s.Health.CpuPercent <= 100);
        seconds.ShouldAllBe(s => s.Health!.LagMaxMicros >= s.Health.LagP99Micros);
    }

    private static Scenario Scenario(string executor, string path) => new()
    {
        Name = "s",
        Executor = executor,
        Requests = [TestPlans.Get(path.TrimStart('/').Split('?')[0], path)],
    };

    private Task<List<List<SliceSecond>>> RunSlicesAsync(Scenario scenario, int count) =>
        RunSlicesAsync(TestPlans.WithScenarios(target.BaseAddress, scenario) with { Slices = count });

    private static async Task<List<List<SliceSecond>>> RunSlicesAsync(Plan plan)
    {
        var startAt = DateTimeOffset.UtcNow + Lead;
        var recorders = Enumerable.Range(0, plan.Slices).Select(_ => new SliceRecorder(startAt, TimeProvider.System)).ToList();
        await Task.WhenAll(recorders.Select((r, i) => SliceExecution.RunAsync(new SliceContext(plan, i, plan.Slices, startAt, r, TimeProvider.System), CancellationToken.None)));
        return [.. recorders.Select((r, i) => r.TakeAll("run", i, 1).ToList())];
    }

    private static Dictionary<string, RequestStats> Merge(IEnumerable<SliceSecond> seconds)
    {
        var merged = new Dictionary<string, RequestStats>(StringComparer.Ordinal);
        foreach (var (name, stats) in seconds.SelectMany(s => s.Requests))
        {
            if (!merged.TryGetValue(name, out var into))
            {
                merged[name] = into = new RequestStats();
            }

            into.Add(stats);
        }

        return merged;
    }
}
