using ServerlessLoad.Core.Runs;
using ServerlessLoad.Runner.Slices;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Runner.Tests.Slices;

public class SliceClaimsTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2.5);

    private static SliceRecord Slice(string status, string? messageId = null, double heartbeatAgeSeconds = 1, long? flushedThrough = null) => new()
    {
        RunId = "run",
        Index = 0,
        Status = status,
        Attempt = status == SliceStatus.Pending ? 0 : 1,
        MessageId = messageId,
        Runner = "other:1",
        Heartbeat = Now.AddSeconds(-heartbeatAgeSeconds),
        FlushedThrough = flushedThrough,
    };

    private static SliceRecord Released()
    {
        var slice = Slice(SliceStatus.Running, "m1", heartbeatAgeSeconds: 0.1);
        slice.Runner = null;
        return slice;
    }

    [Theory]
    [InlineData(SliceStatus.Completed)]
    [InlineData(SliceStatus.Failed)]
    [InlineData(SliceStatus.Lost)]
    [InlineData(SliceStatus.Cancelled)]
    public void A_finished_slice_is_never_claimed_again(string status) =>
        SliceClaims.Decide(Slice(status, "m1"), "m1", Now, Timeout).ShouldBe(ClaimDecision.DropFinished);

    [Fact]
    public void A_pending_slice_is_claimed() =>
        SliceClaims.Decide(Slice(SliceStatus.Pending), "m1", Now, Timeout).ShouldBe(ClaimDecision.Claim);

    [Fact]
    public void Another_copy_of_the_message_while_a_live_runner_holds_the_slice_is_a_duplicate() =>
        SliceClaims.Decide(Slice(SliceStatus.Running, "m1"), "m2", Now, Timeout).ShouldBe(ClaimDecision.DropDuplicate);

    [Fact]
    public void The_holders_own_message_back_after_an_outage_while_it_still_heartbeats_is_a_duplicate() =>
        SliceClaims.Decide(Slice(SliceStatus.Running, "m1", heartbeatAgeSeconds: 1), "m1", Now, Timeout).ShouldBe(ClaimDecision.DropDuplicate);

    [Fact]
    public void The_holders_own_message_back_after_the_holder_went_silent_is_taken_over() =>
        SliceClaims.Decide(Slice(SliceStatus.Running, "m1", heartbeatAgeSeconds: 3), "m1", Now, Timeout).ShouldBe(ClaimDecision.TakeOver);

    [Fact]
    public void A_slice_released_by_a_runner_that_shut_down_is_taken_over_at_once() =>
        SliceClaims.Decide(Released(), "m1", Now, Timeout).ShouldBe(ClaimDecision.TakeOver);

    [Fact]
    public void A_holder_that_missed_its_heartbeats_for_the_timeout_is_taken_over_by_the_watchdogs_message() =>
        SliceClaims.Decide(Slice(SliceStatus.Running, "m1", heartbeatAgeSeconds: 2.6), "m2", Now, Timeout).ShouldBe(ClaimDecision.TakeOver);

    [Fact]
    public void A_holder_heartbeating_within_the_timeout_keeps_its_slice_against_any_other_message() =>
        SliceClaims.Decide(Slice(SliceStatus.Running, "m1", heartbeatAgeSeconds: 2.4), "m2", Now, Timeout).ShouldBe(ClaimDecision.DropDuplicate);

    [Theory]
    [InlineData(-5, null, 0)]
    [InlineData(0, null, 0)]
    [InlineData(7.1, null, 8)]
    [InlineData(7.9, null, 8)]
    [InlineData(8, null, 8)]
    [InlineData(7.9, 4L, 8)]
    [InlineData(7.9, 8L, 9)]
    [InlineData(7.9, 10L, 11)]
    public void A_takeover_owns_seconds_from_the_first_whole_second_after_its_claim_and_after_everything_announced(double claimAfterStart, long? flushedThrough, long expected)
    {
        var startAt = Now.AddSeconds(-claimAfterStart);

        SliceClaims.ResumeFrom(Slice(SliceStatus.Running, flushedThrough: flushedThrough), startAt, Now).ShouldBe(expected);
    }

    [Theory]
    [InlineData(-5, 0)]
    [InlineData(0.4, 0)]
    [InlineData(7.9, 7)]
    public void A_first_attempt_claimed_late_starts_in_the_second_it_claims_in(double claimAfterStart, long expected)
    {
        var startAt = Now.AddSeconds(-claimAfterStart);

        SliceClaims.ResumeFrom(Slice(SliceStatus.Pending), startAt, Now).ShouldBe(expected);
    }
}
