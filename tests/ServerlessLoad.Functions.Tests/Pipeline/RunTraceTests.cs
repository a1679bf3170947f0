using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Functions.Tests.Support;
using ServerlessLoad.Telemetry;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Functions.Tests.Pipeline;

/// <summary>
/// A run is one trace: the POST, planning, every slice, collecting and the report stages share the trace id, each span
/// the child of the one whose message caused it, carried through the real queues by the local host's triggers.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RunTraceTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> spans = new();
    private readonly ActivityListener listener;
    private readonly Pipeline pipeline;
    private readonly SecuredApi api;

    public RunTraceTests(AzuriteFixture azurite)
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PipelineTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        pipeline = new Pipeline(azurite);
        var queues = pipeline.Settings.Queues;
        api = new SecuredApi(azurite, "trace", new Dictionary<string, string?>
        {
            ["Sload:Queues:RunRequests"] = queues.RunRequests,
            ["Sload:Queues:Slices"] = queues.Slices,
            ["Sload:Queues:SliceEvents"] = queues.SliceEvents,
            ["Sload:Queues:Reports"] = queues.Reports,
            ["Sload:LeadTimeSeconds"] = "0",
            ["AzureWebJobs:Watchdog:Disabled"] = "true",
            ["AzureWebJobs:AbortOnFail:Disabled"] = "true",
        });
    }

    public void Dispose()
    {
        api.Dispose();
        listener.Dispose();
    }

    [Fact]
    public async Task The_post_planning_every_slice_collecting_and_the_report_stages_share_one_trace()
    {
        await pipeline.Store.EnsureCreatedAsync();
        using var posted = await api.Client.PostAsync("/api/runs", new StringContent(Pipeline.PlanText(slices: 2), Encoding.UTF8, "application/yaml"));
        posted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var runId = (await posted.Content.ReadFromJsonAsync<Accepted>())!.RunId;

        // What a runner does with each slice message: continue its trace, store the rows, report the slice done.
        var slices = await ReceiveSlicesAsync(count: 2);
        slices.ShouldAllBe(s => s.RunId == runId && s.TraceParent != null);
        foreach (var slice in slices)
        {
            using var span = PipelineTelemetry.StartConsumer("Slice", slice.TraceParent, runId);
            await pipeline.CompleteSliceAsync(runId, slice.Index, requests: 10);
            await pipeline.Store.SendAsync(pipeline.Settings.Queues.SliceEvents, new SliceEventMessage(runId, slice.Index, 1, SliceStatus.Completed, 10, 0));
        }

        await WaitAsync(async () => (await pipeline.Store.GetRunAsync(runId))!.ReportStage == "published" && spans.Any(s => s.OperationName == "BuildReport" && Tag(s) == runId));

        var post = spans.Single(s => s.OperationName == "POST /api/runs" && Tag(s) == runId);
        var trace = spans.Where(s => s.TraceId == post.TraceId).ToList();
        trace.Select(s => s.OperationName).Order().ShouldBe(
            ["BuildReport", "CollectSlice", "CollectSlice", "PlanRun", "POST /api/runs", "Slice", "Slice", "report judged", "report merged", "report published", "report rendered"],
            ignoreOrder: true);
        // The POST's parent, if any, is the HTTP server's own request span (or the caller's traceparent), not a pipeline span.
        trace.ShouldNotContain(s => s.SpanId == post.ParentSpanId);
        Named(trace, "PlanRun").ShouldAllBe(s => s.ParentSpanId == post.SpanId);
        Named(trace, "Slice").ShouldAllBe(s => Named(trace, "PlanRun").Any(p => p.SpanId == s.ParentSpanId));
        Named(trace, "CollectSlice").ShouldAllBe(s => Named(trace, "Slice").Any(p => p.SpanId == s.ParentSpanId));
        Named(trace, "BuildReport").ShouldAllBe(s => Named(trace, "CollectSlice").Any(p => p.SpanId == s.ParentSpanId));
        trace.Where(s => s.OperationName.StartsWith("report ", StringComparison.Ordinal))
            .ShouldAllBe(s => s.ParentSpanId == Named(trace, "BuildReport").Single().SpanId);
    }

    private static IEnumerable<Activity> Named(List<Activity> trace, string name) => trace.Where(s => s.OperationName == name);

    private static string? Tag(Activity span) => span.GetTagItem("sload.run_id") as string;

    private async Task<List<SliceMessage>> ReceiveSlicesAsync(int count)
    {
        var queue = pipeline.Store.Queue(pipeline.Settings.Queues.Slices);
        var received = new List<SliceMessage>();
        await WaitAsync(async () =>
        {
            foreach (var message in (await queue.ReceiveMessagesAsync(32)).Value)
            {
                received.Add(MessageCodec.Decode<SliceMessage>(message.MessageText));
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }

            return received.Count >= count;
        });
        return received;
    }

    private static async Task WaitAsync(Func<Task<bool>> done)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!await done())
        {
            DateTime.UtcNow.ShouldBeLessThan(until, "the pipeline did not get there in 60 s");
            await Task.Delay(100);
        }
    }

    private sealed record Accepted(string RunId);
}
