using ServerlessLoad.EndToEnd.Tests.Faults;
using Xunit.Abstractions;

namespace ServerlessLoad.EndToEnd.Tests.Telemetry;

/// <summary>
/// The functions host and the runners export over OTLP to a receiver on loopback: a run's spans from both kinds of
/// process arrive as one trace, each the child of the span whose queue message caused it.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class PipelineTraceTests(FaultStack stack, ITestOutputHelper output)
{
    [Fact]
    public async Task A_runs_post_planning_slices_on_the_runners_collecting_and_report_stages_arrive_as_one_trace()
    {
        await using var receiver = new OtlpReceiver();
        var otlp = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
        };
        await stack.Functions.DisposeAsync();
        await stack.StartFunctionsAsync(otlp);
        try
        {
            await stack.UseRunnersAsync(2, otlp);
            await using var target = await FaultPlans.TargetAsync();
            var runId = await stack.SubmitAsync(FaultPlans.Constant(target, "traced", slices: 2, vus: 2, seconds: 3));
            await stack.WaitForFinalAsync(runId, TimeSpan.FromSeconds(90));

            List<ReceivedSpan> trace = [];
            await FaultStack.WaitUntilAsync(
                () =>
                {
                    var post = receiver.Spans.FirstOrDefault(s => s.Name == "POST /api/runs");
                    trace = post is null ? [] : receiver.Spans.Where(s => s.TraceId == post.TraceId).ToList();
                    return Task.FromResult(trace.Any(s => s.Name == "BuildReport") && trace.Count(s => s.Name == "Slice") == 2);
                },
                TimeSpan.FromSeconds(30),
                () => "the trace never arrived whole: " + string.Join(", ", receiver.Spans.Select(s => $"{s.Service}/{s.Name}")));
            output.WriteLine(string.Join("\n", trace.Select(s => $"{s.Service,-16} {s.Name,-18} {s.SpanId} <- {s.ParentSpanId}")));

            SpanIds(trace, "PlanRun").ShouldHaveSingleItem();
            trace.Where(s => s.Name == "PlanRun").ShouldAllBe(s => SpanIds(trace, "POST /api/runs").Contains(s.ParentSpanId));
            trace.Where(s => s.Name == "Slice").ShouldAllBe(s => s.Service == "sload-runner" && SpanIds(trace, "PlanRun").Contains(s.ParentSpanId));
            trace.Where(s => s.Name == "CollectSlice").Count().ShouldBeGreaterThanOrEqualTo(2);
            trace.Where(s => s.Name == "CollectSlice").ShouldAllBe(s => s.Service == "sload-functions" && SpanIds(trace, "Slice").Contains(s.ParentSpanId));
            trace.Where(s => s.Name == "BuildReport").ShouldAllBe(s => SpanIds(trace, "CollectSlice").Contains(s.ParentSpanId));
            trace.Where(s => s.Name.StartsWith("report ", StringComparison.Ordinal)).Select(s => s.Name).Order()
                .ShouldBe(["report judged", "report merged", "report published", "report rendered"]);
            receiver.MetricPosts.ShouldBeGreaterThan(0, "the pipeline's meters are exported too");
        }
        finally
        {
            await stack.Functions.DisposeAsync();
            await stack.StartFunctionsAsync();
            await stack.StopRunnersAsync();
        }
    }

    private static List<string> SpanIds(List<ReceivedSpan> trace, string name) =>
        trace.Where(s => s.Name == name).Select(s => s.SpanId).ToList();
}
