using ServerlessLoad.Cli.Target;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Results;
using ServerlessLoad.Runner.Engine;
using ServerlessLoad.Runner.Tests.Support;

namespace ServerlessLoad.Runner.Tests.Engine;

/// <summary>Short real runs against the in-process demo target: what the runner records must equal what it served.</summary>
public sealed class SliceExecutionTests : IAsyncLifetime
{
    private static readonly TimeSpan Lead = TimeSpan.FromMilliseconds(200);

    private DemoTarget target = null!;

    public async Task InitializeAsync() =>
        target = await DemoTarget.StartAsync(new DemoTargetOptions(), CancellationToken.None);

    public async Task DisposeAsync() => await target.DisposeAsync();

    [Fact]
    public async Task A_constant_vus_run_records_exactly_what_the_target_served_second_by_second()
    {
        var plan = TestPlans.ConstantVus(target.BaseAddress, vus: 4, TimeSpan.FromSeconds(2),
            TestPlans.Get("fast", "/fast", weight: 3),
            TestPlans.Get("work", "/work?ms=1", weight: 1));
        var startAt = DateTimeOffset.UtcNow + Lead;
        var recorder = new SliceRecorder(startAt, TimeProvider.System);

        var run = SliceExecution.RunAsync(new SliceContext(plan, 0, 1, startAt, recorder, TimeProvider.System), CancellationToken.None);
        var seconds = new List<SliceSecond>();
        while (!run.IsCompleted)
        {
            // Take seconds while the run goes, as the result writer does.
            seconds.AddRange(recorder.TakeCompleted(recorder.Clock.CurrentSecond, "run", 0, 1));
            await Task.WhenAny(run, Task.Delay(150));
        }

        await run;
        seconds.AddRange(recorder.TakeAll("run", 0, 1));

        var byName = Merge(seconds);
        var served = target.ServedByPath();
        byName.Values.Sum(s => s.Requests).ShouldBe(target.TotalServed);
        byName["fast"].Requests.ShouldBe(served["/fast"]);
        byName["work"].Requests.ShouldBe(served["/work"]);
        ((double)byName["fast"].Requests / byName["work"].Requests).ShouldBeInRange(2.4, 3.6);
        byName.Values.ShouldAllBe(s => s.Failures == 0 && s.StatusCodes["200"] == s.Requests && s.Latency.TotalCount == s.Requests);
        seconds.Select(s => s.Second).ShouldBe(Enumerable.Range(0, seconds.Count).Select(i => (long)i));
        seconds.Count.ShouldBeInRange(2, 4);
        seconds[0].ActiveVus.ShouldBe(4);
        seconds.ShouldContain(s => s.ActiveVus == 4 && s.TotalRequests > 0);
        seconds[^1].ActiveVus.ShouldBe(0);
    }

    [Fact]
    public async Task Unexpected_statuses_are_counted_by_code_and_as_status_failures()
    {
        var plan = TestPlans.ConstantVus(target.BaseAddress, vus: 2, TimeSpan.FromSeconds(1),
            TestPlans.Get("ok", "/status/200"),
            TestPlans.Get("broken", "/status/503"),
            TestPlans.Get("gone", "/status/404") with { Expect = [new StatusRange(404, 404)] });

        var byName = Merge(await RunAsync(plan));

        byName["ok"].StatusCodes.ShouldBe(new Dictionary<string, long> { ["200"] = byName["ok"].Requests });
        byName["ok"].Failures.ShouldBe(0);
        byName["broken"].StatusCodes.ShouldBe(new Dictionary<string, long> { ["503"] = byName["broken"].Requests });
        byName["broken"].Failures.ShouldBe(byName["broken"].Requests);
        byName["broken"].FailureCategories.ShouldBe(new Dictionary<string, long> { ["status"] = byName["broken"].Requests });
        byName["broken"].FailureSamples["status"].ShouldBe(["HTTP 503 GET /status/503"]);
        byName["gone"].Failures.ShouldBe(0);
        byName.Values.Sum(s => s.Requests).ShouldBe(target.TotalServed);
    }

    [Fact]
    public async Task Connections_refused_by_a_closed_port_are_counted_as_refused()
    {
        var plan = TestPlans.ConstantVus(LocalHttp.ClosedPort(), vus: 1, TimeSpan.FromMilliseconds(300), TestPlans.Get("nobody", "/"));

        var nobody = Merge(await RunAsync(plan))["nobody"];

        nobody.Requests.ShouldBeGreaterThan(0);
        nobody.Failures.ShouldBe(nobody.Requests);
        nobody.FailureCategories.ShouldBe(new Dictionary<string, long> { ["refused"] = nobody.Requests });
        nobody.StatusCodes.ShouldBe(new Dictionary<string, long> { ["0"] = nobody.Requests });
    }

    [Fact]
    public async Task Responses_slower_than_the_request_timeout_are_counted_as_timeouts()
    {
        var plan = TestPlans.ConstantVus(target.BaseAddress, vus: 1, TimeSpan.FromMilliseconds(500),
            TestPlans.Get("slow", "/work?ms=2000") with { Timeout = TimeSpan.FromMilliseconds(200) });

        var slow = Merge(await RunAsync(plan))["slow"];

        slow.Requests.ShouldBeInRange(2, 3);
        slow.FailureCategories.ShouldBe(new Dictionary<string, long> { ["timeout"] = slow.Requests });
        slow.Latency.MinMicros.ShouldBeGreaterThanOrEqualTo(190_000);
    }

    [Fact]
    public async Task Two_slices_of_three_vus_run_one_and_two_and_together_record_what_the_target_served()
    {
        var plan = TestPlans.ConstantVus(target.BaseAddress, vus: 3, TimeSpan.FromSeconds(1), TestPlans.Get("fast", "/fast")) with { Slices = 2 };
        var startAt = DateTimeOffset.UtcNow + Lead;
        var first = new SliceRecorder(startAt, TimeProvider.System);
        var second = new SliceRecorder(startAt, TimeProvider.System);

        await Task.WhenAll(
            SliceExecution.RunAsync(new SliceContext(plan, 0, 2, startAt, first, TimeProvider.System), CancellationToken.None),
            SliceExecution.RunAsync(new SliceContext(plan, 1, 2, startAt, second, TimeProvider.System), CancellationToken.None));
        var firstSeconds = first.TakeAll("run", 0, 1);
        var secondSeconds = second.TakeAll("run", 1, 1);

        firstSeconds.Max(s => s.ActiveVus).ShouldBe(1);
        secondSeconds.Max(s => s.ActiveVus).ShouldBe(2);
        (firstSeconds.Sum(s => s.TotalRequests) + secondSeconds.Sum(s => s.TotalRequests)).ShouldBe(target.TotalServed);
    }

    [Fact]
    public async Task A_scenario_starts_at_its_start_time()
    {
        var scenario = new Scenario
        {
            Name = "late",
            Vus = 1,
            StartTime = TimeSpan.FromSeconds(1),
            Duration = TimeSpan.FromMilliseconds(300),
            Requests = [TestPlans.Get("fast", "/fast")],
        };

        var seconds = await RunAsync(TestPlans.WithScenarios(target.BaseAddress, scenario));

        seconds.First(s => s.TotalRequests > 0).Second.ShouldBe(1);
        seconds.Sum(s => s.TotalRequests).ShouldBe(target.TotalServed);
    }

    [Fact]
    public async Task A_slice_without_vus_for_a_scenario_runs_nothing_for_it()
    {
        var plan = TestPlans.ConstantVus(target.BaseAddress, vus: 1, TimeSpan.FromMilliseconds(300), TestPlans.Get("fast", "/fast"));

        var seconds = await RunAsync(plan, index: 0, count: 2);

        seconds.ShouldBeEmpty();
        target.TotalServed.ShouldBe(0);
    }

    [Fact]
    public async Task Stopping_the_run_ends_it_promptly_without_counting_cut_requests()
    {
        var plan = TestPlans.ConstantVus(target.BaseAddress, vus: 3, TimeSpan.FromSeconds(30), TestPlans.Get("fast", "/fast"));
        var startAt = DateTimeOffset.UtcNow + Lead;
        var recorder = new SliceRecorder(startAt, TimeProvider.System);
        using var stop = new CancellationTokenSource(Lead + TimeSpan.FromMilliseconds(500));

        var run = SliceExecution.RunAsync(new SliceContext(plan, 0, 1, startAt, recorder, TimeProvider.System), stop.Token);

        await Should.ThrowAsync<OperationCanceledException>(run).WaitAsync(TimeSpan.FromSeconds(5));
        var recorded = recorder.TakeAll("run", 0, 1).Sum(s => s.TotalRequests);
        recorded.ShouldBeGreaterThan(0);
        target.TotalServed.ShouldBeInRange(recorded, recorded + 3);
    }

    [Fact]
    public async Task An_unknown_executor_is_rejected_before_anything_runs()
    {
        var scenario = new Scenario { Name = "odd", Executor = "staircase", Vus = 1, Duration = TimeSpan.FromSeconds(1), Requests = [TestPlans.Get("fast", "/fast")] };
        var plan = TestPlans.WithScenarios(target.BaseAddress, scenario);
        var startAt = DateTimeOffset.UtcNow;

        var error = await Should.ThrowAsync<NotSupportedException>(
            SliceExecution.RunAsync(new SliceContext(plan, 0, 1, startAt, new SliceRecorder(startAt, TimeProvider.System), TimeProvider.System), CancellationToken.None));

        error.Message.ShouldContain("'staircase'");
        target.TotalServed.ShouldBe(0);
    }

    [Fact]
    public async Task A_recorder_counting_from_another_start_is_rejected()
    {
        var plan = TestPlans.ConstantVus(target.BaseAddress, vus: 1, TimeSpan.FromSeconds(1), TestPlans.Get("fast", "/fast"));
        var startAt = DateTimeOffset.UtcNow;

        await Should.ThrowAsync<ArgumentException>(
            SliceExecution.RunAsync(new SliceContext(plan, 0, 1, startAt, new SliceRecorder(startAt.AddSeconds(1), TimeProvider.System), TimeProvider.System), CancellationToken.None));
    }

    [Fact]
    public void Virtual_user_seeds_are_stable_and_differ_between_users_and_slices()
    {
        VirtualUser.Seed(1, 0, 2).ShouldBe(VirtualUser.Seed(1, 0, 2));
        new[]
        {
            VirtualUser.Seed(0, 0, 0),
            VirtualUser.Seed(0, 0, 1),
            VirtualUser.Seed(1, 0, 0),
            VirtualUser.Seed(0, 1, 0),
        }.Distinct().Count().ShouldBe(4);
    }

    private async Task<IReadOnlyList<SliceSecond>> RunAsync(Plan plan, int index = 0, int count = 1)
    {
        var startAt = DateTimeOffset.UtcNow + Lead;
        var recorder = new SliceRecorder(startAt, TimeProvider.System);
        await SliceExecution.RunAsync(new SliceContext(plan, index, count, startAt, recorder, TimeProvider.System), CancellationToken.None);
        return recorder.TakeAll("run", index, 1);
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
