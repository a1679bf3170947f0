using ServerlessLoad.Core.Messages;
using ServerlessLoad.Core.Runs;
using Xunit.Abstractions;

namespace ServerlessLoad.EndToEnd.Tests.Faults;

/// <summary>Queues deliver at least once: every message type delivered twice, to the real processes.</summary>
[Collection(FaultCollection.Name)]
public sealed class DuplicateDeliveryTests(FaultStack stack, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_message_type_delivered_twice_changes_no_count_and_makes_no_second_report_or_run()
    {
        await stack.UseRunnersAsync(2);
        await using var target = await FaultPlans.TargetAsync();
        var runsBefore = (await stack.Store.ListRunsAsync()).Count;
        var runId = await stack.SubmitAsync(FaultPlans.Constant(target, "duplicates", slices: 2, vus: 2, seconds: 6));
        var running = await stack.WaitForStoredSecondsAsync(runId, 0, 2, TimeSpan.FromSeconds(30));
        var startAt = (await stack.Store.GetRunAsync(runId))!.StartAt!.Value;
        var queues = stack.Store.QueueNames;

        // While slice 0 runs: a second copy of its message, and of the run request.
        await stack.Store.SendAsync(queues.Slices, new SliceMessage(runId, 0, 2, startAt));
        await stack.Store.SendAsync(queues.RunRequests, new RunRequestMessage(runId));
        await stack.WaitForFinalAsync(runId, TimeSpan.FromSeconds(60));
        var before = await SnapshotAsync(runId);

        // After it finished: a second copy of every message type.
        await stack.Store.SendAsync(queues.RunRequests, new RunRequestMessage(runId));
        await stack.Store.SendAsync(queues.Slices, new SliceMessage(runId, 0, 2, startAt));
        await stack.Store.SendAsync(queues.Slices, new SliceMessage(runId, 1, 2, startAt));
        await stack.Store.SendAsync(queues.SliceEvents, new SliceEventMessage(runId, 0, 1, SliceStatus.Completed, running.Requests, 0));
        await stack.Store.SendAsync(queues.Reports, new ReportMessage(runId));
        await FaultStack.WaitUntilAsync(
            async () =>
            {
                foreach (var queue in queues.All)
                {
                    if ((await stack.Store.Queue(queue).GetPropertiesAsync()).Value.ApproximateMessagesCount > 0)
                    {
                        return false;
                    }
                }

                return true;
            },
            TimeSpan.FromSeconds(30),
            () => "the repeated messages were not handled");
        await Task.Delay(TimeSpan.FromSeconds(2));
        var after = await SnapshotAsync(runId);
        var runsAfter = (await stack.Store.ListRunsAsync()).Count;
        output.WriteLine(stack.Logs());

        after.ShouldBe(before);
        before.Status.ShouldBe(RunStatus.Passed);
        before.Attempts.ShouldBe("1,1", "the duplicate slice message was dropped, not run again");
        runsAfter.ShouldBe(runsBefore + 1);
        before.Requests.ShouldBe(target.TotalServed);
        before.RowRequests.ShouldBe(target.TotalServed);
        FaultPlans.Result(output, "every message type delivered twice", "1/1 (passed)", 0, after.Requests - target.TotalServed, null);
    }

    private async Task<Snapshot> SnapshotAsync(string runId)
    {
        var run = (await stack.Store.GetRunAsync(runId))!;
        var slices = await stack.Store.GetSlicesAsync(runId);
        var rows = await FaultPlans.RowsAsync(stack.Store, runId, 2);
        var artifacts = await stack.Store.ListArtifactsAsync(runId);
        return new Snapshot(
            run.Status,
            run.ETag!,
            run.Requests,
            string.Join(",", slices.Select(s => s.Attempt)),
            string.Join(",", slices.Select(s => s.ETag)),
            rows.Count,
            rows.Sum(r => r.TotalRequests),
            string.Join(",", artifacts.OrderBy(a => a.Name, StringComparer.Ordinal).Select(a => $"{a.Name}:{a.ETag}")));
    }

    private sealed record Snapshot(string Status, string RunETag, long Requests, string Attempts, string SliceETags, int Rows, long RowRequests, string Artifacts);
}
