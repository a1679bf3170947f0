using System.Diagnostics;
using ServerlessLoad.Runner.Engine;

namespace ServerlessLoad.Runner.Tests.Engine;

public sealed class PrecisionTimerTests
{
    [Fact]
    public async Task A_wait_never_ends_before_its_due_time()
    {
        var due = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 50);

        await PrecisionTimer.DelayUntilAsync(due, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Stopwatch.GetTimestamp().ShouldBeGreaterThanOrEqualTo(due);
    }

    [Fact]
    public async Task Waiters_resume_in_the_order_of_their_due_times_whatever_the_order_they_came_in()
    {
        var start = Stopwatch.GetTimestamp();
        var order = new List<int>();
        var waits = new[] { 30, 10, 20 }.Select(async ms =>
        {
            await PrecisionTimer.DelayUntilAsync(start + (Stopwatch.Frequency * ms / 1000), CancellationToken.None);
            lock (order)
            {
                order.Add(ms);
            }
        }).ToList();

        await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(5));

        order.ShouldBe([10, 20, 30]);
    }

    [Fact]
    public async Task A_cancelled_wait_ends_at_once_as_cancelled()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));

        var wait = PrecisionTimer.DelayUntilAsync(Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 60), cancel.Token);

        await Should.ThrowAsync<OperationCanceledException>(wait.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_due_time_already_passed_completes_at_once()
    {
        var wait = PrecisionTimer.DelayUntilAsync(Stopwatch.GetTimestamp() - 1, CancellationToken.None);

        wait.IsCompletedSuccessfully.ShouldBeTrue();
        await wait;
    }
}
