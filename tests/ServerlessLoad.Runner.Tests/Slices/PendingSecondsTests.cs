using ServerlessLoad.Core.Results;
using ServerlessLoad.Runner.Slices;

namespace ServerlessLoad.Runner.Tests.Slices;

public class PendingSecondsTests
{
    private static SliceSecond Second(long second, long requests) => new()
    {
        RunId = "run",
        Slice = 0,
        Attempt = 1,
        Second = second,
        Requests = new Dictionary<string, RequestStats> { ["home"] = new() { Requests = requests } },
    };

    [Fact]
    public void Seconds_are_kept_oldest_first_until_stored()
    {
        var pending = new PendingSeconds(10);
        pending.Add([Second(0, 1), Second(1, 2)]);
        pending.Add([Second(2, 3)]);

        pending.RemoveThrough(1);

        pending.Snapshot().Select(s => s.Second).ShouldBe([2L]);
        pending.LastSecond.ShouldBe(2);
        pending.DroppedSeconds.ShouldBe(0);
    }

    [Fact]
    public void A_full_buffer_drops_the_oldest_seconds_and_counts_them_and_their_requests()
    {
        var pending = new PendingSeconds(3);

        pending.Add(Enumerable.Range(0, 5).Select(s => Second(s, 10 + s)));

        pending.Snapshot().Select(s => s.Second).ShouldBe([2L, 3L, 4L]);
        pending.DroppedSeconds.ShouldBe(2);
        pending.DroppedRequests.ShouldBe(21);
    }

    [Fact]
    public void An_empty_buffer_has_no_last_second()
    {
        var pending = new PendingSeconds(1);

        pending.LastSecond.ShouldBeNull();
        pending.Count.ShouldBe(0);
        Should.Throw<ArgumentOutOfRangeException>(() => new PendingSeconds(0));
    }
}
