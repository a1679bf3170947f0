using ServerlessLoad.Core.Results;
using ServerlessLoad.Runner.Engine;
using ServerlessLoad.Runner.Tests.Support;

namespace ServerlessLoad.Runner.Tests.Engine;

public sealed class SliceRecorderTests
{
    private static readonly DateTimeOffset StartAt = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ManualTimeProvider time = new(StartAt);
    private readonly SliceRecorder recorder;

    public SliceRecorderTests()
    {
        recorder = new SliceRecorder(StartAt, time);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(999, 0)]
    [InlineData(1000, 1)]
    [InlineData(2500, 2)]
    [InlineData(-500, 0)]
    public void The_clock_counts_whole_seconds_from_the_start(int elapsedMs, long second)
    {
        time.Advance(TimeSpan.FromMilliseconds(elapsedMs));

        recorder.Clock.CurrentSecond.ShouldBe(second);
    }

    [Fact]
    public void Outcomes_are_summed_per_second_and_request_name()
    {
        recorder.Record(Ok("home", second: 0, latencyMicros: 1_000));
        recorder.Record(Ok("home", second: 0, latencyMicros: 3_000));
        recorder.Record(Ok("search", second: 0, latencyMicros: 2_000));
        recorder.Record(Ok("home", second: 1, latencyMicros: 5_000));

        var seconds = recorder.TakeAll("run-1", slice: 2, attempt: 1);

        seconds.Select(s => s.Second).ShouldBe([0L, 1L]);
        seconds.ShouldAllBe(s => s.RunId == "run-1" && s.Slice == 2 && s.Attempt == 1);
        var home = seconds[0].Requests["home"];
        home.Requests.ShouldBe(2);
        home.Failures.ShouldBe(0);
        home.BytesSent.ShouldBe(200);
        home.BytesReceived.ShouldBe(2_000);
        home.StatusCodes.ShouldBe(new Dictionary<string, long> { ["200"] = 2 });
        home.Latency.TotalCount.ShouldBe(2);
        home.Latency.MinMicros.ShouldBe(1_000);
        home.Latency.MaxMicros.ShouldBe(3_000);
        seconds[0].Requests["search"].Requests.ShouldBe(1);
        seconds[1].Requests["home"].Requests.ShouldBe(1);
    }

    [Fact]
    public void Failures_are_counted_by_category_with_samples_and_no_response_counts_as_status_0()
    {
        recorder.Record(Failed("api", status: 500, "status", "HTTP 500 GET /api"));
        recorder.Record(Failed("api", status: 0, "refused", "refused GET /api"));
        recorder.Record(Failed("api", status: 0, "refused", "refused GET /api"));

        var api = recorder.TakeAll("run", 0, 1).Single().Requests["api"];

        api.Requests.ShouldBe(3);
        api.Failures.ShouldBe(3);
        api.StatusCodes.ShouldBe(new Dictionary<string, long> { ["500"] = 1, ["0"] = 2 }, ignoreOrder: true);
        api.FailureCategories.ShouldBe(new Dictionary<string, long> { ["status"] = 1, ["refused"] = 2 }, ignoreOrder: true);
        api.FailureSamples["refused"].ShouldBe(["refused GET /api"]);
        api.Latency.TotalCount.ShouldBe(3);
    }

    [Fact]
    public void Take_completed_removes_only_the_seconds_before_the_limit_oldest_first()
    {
        recorder.Record(Ok("a", second: 2));
        recorder.Record(Ok("a", second: 0));
        recorder.Record(Ok("a", second: 1));

        var first = recorder.TakeCompleted(2, "run", 0, 1);
        var rest = recorder.TakeAll("run", 0, 1);

        first.Select(s => s.Second).ShouldBe([0L, 1L]);
        rest.Select(s => s.Second).ShouldBe([2L]);
        recorder.TakeAll("run", 0, 1).ShouldBeEmpty();
    }

    [Fact]
    public void An_outcome_for_a_second_already_taken_joins_the_earliest_open_second_instead_of_being_lost_or_repeated()
    {
        recorder.Record(Ok("a", second: 0));
        var first = recorder.TakeCompleted(1, "run", 0, 1);

        recorder.Record(Ok("a", second: 0));
        var rest = recorder.TakeAll("run", 0, 1);

        first.Single().Second.ShouldBe(0);
        rest.Single().Second.ShouldBe(1);
        first.Concat(rest).Sum(s => s.TotalRequests).ShouldBe(2);
    }

    [Fact]
    public void Seconds_without_outcomes_between_active_ones_are_handed_out_empty_so_the_timeline_has_no_gaps()
    {
        recorder.Record(Ok("a", second: 1));
        recorder.Record(Ok("a", second: 4));

        var seconds = recorder.TakeAll("run", 0, 1);

        seconds.Select(s => s.Second).ShouldBe([1L, 2L, 3L, 4L]);
        seconds.Select(s => s.TotalRequests).ShouldBe([1L, 0L, 0L, 1L]);
    }

    [Fact]
    public void Nothing_is_handed_out_before_any_activity()
    {
        recorder.TakeCompleted(5, "run", 0, 1).ShouldBeEmpty();
        recorder.TakeAll("run", 0, 1).ShouldBeEmpty();
    }

    [Fact]
    public void Active_vus_are_those_at_the_end_of_each_second_and_carry_over_quiet_seconds()
    {
        recorder.AddActiveVus(3);
        time.Advance(TimeSpan.FromSeconds(1.5));
        recorder.AddActiveVus(2);
        recorder.AddActiveVus(-1);
        time.Advance(TimeSpan.FromSeconds(2));
        recorder.Record(Ok("a", second: recorder.Clock.CurrentSecond));
        var live = recorder.TakeCompleted(3, "run", 0, 1);
        time.Advance(TimeSpan.FromSeconds(1));
        recorder.AddActiveVus(-4);

        var rest = recorder.TakeAll("run", 0, 1);

        live.Select(s => (s.Second, s.ActiveVus)).ShouldBe([(0L, 3), (1L, 4), (2L, 4)]);
        rest.Select(s => (s.Second, s.ActiveVus)).ShouldBe([(3L, 4), (4L, 0)]);
        recorder.ActiveVus.ShouldBe(0);
    }

    [Fact]
    public async Task Concurrent_recording_counts_every_outcome_exactly_once()
    {
        const int writers = 8;
        const int perWriter = 5_000;

        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < perWriter; i++)
            {
                recorder.Record(Ok($"r{w % 3}", second: i / 1_000));
            }
        }));
        var taken = new List<SliceSecond>();
        var all = Task.WhenAll(tasks);
        while (!all.IsCompleted)
        {
            taken.AddRange(recorder.TakeCompleted(2, "run", 0, 1));
            await Task.Yield();
        }

        await all;
        taken.AddRange(recorder.TakeAll("run", 0, 1));

        taken.Sum(s => s.TotalRequests).ShouldBe(writers * perWriter);
        taken.Select(s => s.Second).ShouldBe(taken.Select(s => s.Second).Distinct().Order());
        taken.SelectMany(s => s.Requests.Values).Sum(r => r.Latency.TotalCount).ShouldBe(writers * perWriter);
    }

    [Fact]
    public void Service_time_time_to_first_byte_and_new_connections_are_recorded_beside_the_latency()
    {
        recorder.Record(Ok("a", second: 0, latencyMicros: 900_000) with { ServiceMicros = 2_000, TimeToFirstByteMicros = 1_500, ConnectMicros = 300 });
        recorder.Record(Ok("a", second: 0, latencyMicros: 1_000) with { ServiceMicros = 1_000, TimeToFirstByteMicros = -1 });
        recorder.RecordConnect("a", 0, 400);

        var a = recorder.TakeAll("run", 0, 1).Single().Requests["a"];

        a.Latency.MaxMicros.ShouldBe(900_000);
        (a.ServiceTime.TotalCount, a.ServiceTime.MaxMicros).ShouldBe((2L, 2_000L));
        (a.TimeToFirstByte.TotalCount, a.TimeToFirstByte.MaxMicros).ShouldBe((1L, 1_500L));
        (a.ConnectTime.TotalCount, a.ConnectTime.MaxMicros).ShouldBe((2L, 400L));
    }

    [Fact]
    public void Dropped_arrivals_are_counted_per_scenario_in_the_second_they_were_due()
    {
        recorder.AddDroppedArrival("open", 0);
        recorder.AddDroppedArrival("open", 0);
        recorder.AddDroppedArrival("spike", 1);

        var seconds = recorder.TakeAll("run", 0, 1);

        seconds[0].DroppedArrivals.ShouldBe(new Dictionary<string, long> { ["open"] = 2 });
        seconds[1].DroppedArrivals.ShouldBe(new Dictionary<string, long> { ["spike"] = 1 });
    }

    [Fact]
    public void Health_of_a_second_already_handed_out_joins_the_next_open_second()
    {
        recorder.RecordHealth(0, new GeneratorHealth { CpuPercent = 10, GcPauseMicros = 5 });
        var first = recorder.TakeCompleted(1, "run", 0, 1);
        recorder.RecordHealth(0, new GeneratorHealth { CpuPercent = 30, GcPauseMicros = 7 });
        recorder.RecordHealth(1, new GeneratorHealth { CpuPercent = 20, GcPauseMicros = 1 });

        var rest = recorder.TakeAll("run", 0, 1);

        first.Single().Health!.CpuPercent.ShouldBe(10);
        rest.Single().Second.ShouldBe(1);
        rest.Single().Health.ShouldBe(new GeneratorHealth { CpuPercent = 30, GcPauseMicros = 8 });
    }

    [Fact]
    public void In_flight_requests_are_counted_up_and_down()
    {
        recorder.AddInFlight(3);
        recorder.AddInFlight(-1);

        recorder.InFlight.ShouldBe(2);
    }

    [Fact]
    public async Task Virtual_users_recording_through_their_shards_while_seconds_are_taken_count_every_outcome_once()
    {
        const int users = 16;
        const int perUser = 4_000;

        var tasks = Enumerable.Range(0, users).Select(u => Task.Run(() =>
        {
            var shard = recorder.Shard(u);
            for (var i = 0; i < perUser; i++)
            {
                shard.Record(Ok("r", second: i / 500));
            }
        }));
        var taken = new List<SliceSecond>();
        var all = Task.WhenAll(tasks);
        var before = 1L;
        while (!all.IsCompleted)
        {
            taken.AddRange(recorder.TakeCompleted(before++ % 9, "run", 0, 1));
            await Task.Yield();
        }

        await all;
        taken.AddRange(recorder.TakeAll("run", 0, 1));

        taken.Sum(s => s.TotalRequests).ShouldBe(users * perUser);
        taken.Select(s => s.Second).ShouldBe(taken.Select(s => s.Second).Distinct().Order());
        taken.SelectMany(s => s.Requests.Values).Sum(r => r.ServiceTime.TotalCount).ShouldBe(users * perUser);
    }

    private static RequestOutcome Ok(string name, long second, long latencyMicros = 1_000) => new()
    {
        Request = name,
        Second = second,
        Status = 200,
        LatencyMicros = latencyMicros,
        BytesSent = 100,
        BytesReceived = 1_000,
    };

    private static RequestOutcome Failed(string name, int status, string category, string sample) => new()
    {
        Request = name,
        Status = status,
        LatencyMicros = 500,
        Failed = true,
        FailureCategory = category,
        FailureSample = sample,
    };
}
