using ServerlessLoad.Core.Runs;
using ServerlessLoad.Functions.Watchdog;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Functions.Tests.Watchdog;

public class StartBarrierTests
{
    private static readonly DateTimeOffset Submitted = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(2.5);
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(1);

    private static RunRecord Run(int slices, double readinessTimeout = 90) => new()
    {
        RunId = "r",
        PlanName = "p",
        Status = RunStatus.Running,
        CreatedAt = Submitted,
        SliceCount = slices,
        ReadyBy = Submitted.AddSeconds(readinessTimeout),
    };

    private static SliceRecord Ready(int index, DateTimeOffset heartbeat) =>
        new() { RunId = "r", Index = index, Status = SliceStatus.Running, Attempt = 1, StartedAt = heartbeat, Heartbeat = heartbeat };

    private static SliceRecord Pending(int index) => new() { RunId = "r", Index = index, Status = SliceStatus.Pending };

    [Fact]
    public void A_run_waits_while_a_slice_has_no_ready_runner_and_the_readiness_timeout_has_not_passed()
    {
        var now = Submitted.AddSeconds(20);

        var decision = StartBarrier.Decide(Run(3), [Ready(0, now), Pending(1), Ready(2, now)], now, Heartbeat, Lead);

        decision.StartAt.ShouldBeNull();
    }

    [Fact]
    public void Once_every_slice_is_ready_the_start_is_set_the_lead_time_ahead()
    {
        var now = Submitted.AddSeconds(21.3);

        var decision = StartBarrier.Decide(Run(2), [Ready(0, now.AddSeconds(-0.4)), Ready(1, now)], now, Heartbeat, Lead);

        decision.StartAt.ShouldBe(now + Lead);
        decision.LateSlices.ShouldBeEmpty();
        decision.Note.ShouldBe("all 2 slice(s) had a ready runner 21.3 s after the run was submitted");
    }

    [Fact]
    public void A_claimed_slice_whose_runner_went_silent_is_not_ready()
    {
        var now = Submitted.AddSeconds(30);

        var decision = StartBarrier.Decide(Run(2), [Ready(0, now), Ready(1, now.AddSeconds(-3))], now, Heartbeat, Lead);

        decision.StartAt.ShouldBeNull();
    }

    [Fact]
    public void After_the_readiness_timeout_the_run_starts_with_the_ready_slices_and_names_the_late_ones()
    {
        var now = Submitted.AddSeconds(90.2);

        var decision = StartBarrier.Decide(Run(4), [Ready(0, now), Pending(1), Ready(2, now)], now, Heartbeat, Lead);

        decision.StartAt.ShouldBe(now + Lead);
        decision.LateSlices.ShouldBe([1, 3]);
        decision.Note.ShouldBe("the readiness timeout passed 90.2 s after the run was submitted with 2 of 4 slice(s) ready; late: slice(s) 1, 3");
    }

    [Fact]
    public void A_slice_that_already_ended_is_not_waited_for()
    {
        var now = Submitted.AddSeconds(5);
        var failed = new SliceRecord { RunId = "r", Index = 1, Status = SliceStatus.Failed };

        var decision = StartBarrier.Decide(Run(2), [Ready(0, now), failed], now, Heartbeat, Lead);

        decision.StartAt.ShouldBe(now + Lead);
    }

    [Fact]
    public void A_big_run_starts_far_enough_ahead_for_runners_polling_once_a_second()
    {
        var now = Submitted.AddSeconds(40);
        var slices = Enumerable.Range(0, 1000).Select(i => Ready(i, now)).ToList();

        StartBarrier.Decide(Run(1000), slices, now, Heartbeat, Lead).StartAt.ShouldBe(now + TimeSpan.FromSeconds(1.5));
    }

    [Fact]
    public void A_run_that_started_or_was_cancelled_is_left_alone()
    {
        var now = Submitted.AddSeconds(5);
        var started = Run(1);
        started.StartAt = Submitted.AddSeconds(2);
        var cancelled = Run(1);
        cancelled.CancelRequestedAt = Submitted.AddSeconds(1);

        StartBarrier.Decide(started, [Ready(0, now)], now, Heartbeat, Lead).StartAt.ShouldBeNull();
        StartBarrier.Decide(cancelled, [Ready(0, now)], now, Heartbeat, Lead).StartAt.ShouldBeNull();
    }
}
