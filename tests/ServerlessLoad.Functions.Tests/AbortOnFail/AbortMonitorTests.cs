using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Core.Results;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Functions.AbortOnFail;
using ServerlessLoad.Functions.CancelRun;
using ServerlessLoad.Functions.Tests.Pipeline;
using ServerlessLoad.Functions.Tests.Support;
using ServerlessLoad.Reports;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Functions.Tests.AbortOnFail;

[Collection(AzuriteCollection.Name)]
public sealed class AbortMonitorTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string AbortingPlan = """
        name: aborting
        slices: 2
        target: http://127.0.0.1:9
        scenarios:
          - name: s
            vus: 2
            duration: 60s
            requests:
              - name: home
                path: /status/500
        thresholds:
          - latency.p95 < 10s
          - threshold: failures.rate < 1%
            abortOnFail: true
            delayAbortEval: 2s
        """;

    private readonly Pipeline.Pipeline pipeline = new(azurite);
    private ManualTimeProvider clock = null!;

    public Task InitializeAsync() => pipeline.Store.EnsureCreatedAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private AbortMonitor Monitor() => new(
        pipeline.Store,
        new CancelRunFunction(pipeline.Store, clock, NullLogger<CancelRunFunction>.Instance),
        clock,
        NullLogger<AbortMonitor>.Instance);

    [Fact]
    public async Task A_failing_run_is_aborted_once_after_its_delay_and_reported_failed_with_the_threshold_and_second()
    {
        var runId = await RunningAsync(AbortingPlan);
        var monitor = Monitor();
        await WriteAsync(runId, slice: 0, seconds: [0, 1]);
        await WriteAsync(runId, slice: 1, seconds: [0, 1]);

        clock.Advance(TimeSpan.FromSeconds(1.5));
        (await monitor.ScanAsync(default)).Where(a => a.Threshold.StartsWith("failures", StringComparison.Ordinal)).ShouldBeEmpty("the delay has not passed");
        (await pipeline.Store.GetRunAsync(runId))!.CancelRequestedAt.ShouldBeNull();

        // Slice 0 stored second 2 but slice 1 did not yet: second 2 waits, only seconds 0..1 are judged.
        await WriteAsync(runId, slice: 0, seconds: [2]);
        clock.Advance(TimeSpan.FromSeconds(1));
        var otherHost = Monitor();
        var scans = await Task.WhenAll(monitor.ScanAsync(default), otherHost.ScanAsync(default));

        var abort = scans.SelectMany(s => s).Where(a => a.Threshold == "failures.rate < 1%").ShouldHaveSingleItem("exactly one host records the abort");
        abort.Second.ShouldBe(1);
        abort.Reason.ShouldBe("failures.rate < 1% failed at second 1: 50.00% does not meet < 1.00%");
        var run = (await pipeline.Store.GetRunAsync(runId))!;
        run.CancelRequestedAt.ShouldBe(clock.GetUtcNow());
        (run.AbortedBy, run.AbortedAtSecond, run.AbortReason).ShouldBe(("failures.rate < 1%", 1L, abort.Reason));
        (await monitor.ScanAsync(default)).Where(a => a.Threshold.StartsWith("failures", StringComparison.Ordinal)).ShouldBeEmpty("a cancelled run is not judged again");

        // The runners notice the cancel and stop; the run finishes through the usual path.
        await StopSlicesAsync(runId);
        await pipeline.Collect.RunAsync(new SliceEventMessage(runId, 1, 1, SliceStatus.Cancelled, 0, 0), default);
        await pipeline.Report.RunAsync(new ReportMessage(runId), default);

        (await pipeline.Store.GetRunAsync(runId))!.Status.ShouldBe(RunStatus.Failed);
        var report = ReportJson.Parse(Encoding.UTF8.GetString((await pipeline.Store.GetArtifactAsync(runId, "report.json"))!.Data));
        report.Verdict.ShouldBe(RunStatus.Failed);
        report.AbortedBy.ShouldBe(new RunAbort("failures.rate < 1%", 1, abort.Reason));
        report.Thresholds.Select(t => (t.Source, t.Passed)).ShouldBe([("latency.p95 < 10s", true), ("failures.rate < 1%", false)]);
        Encoding.UTF8.GetString((await pipeline.Store.GetArtifactAsync(runId, "report.md"))!.Data)
            .ShouldContain("**Aborted at second 1** by abortOnFail threshold `failures.rate < 1%`");
    }

    [Fact]
    public async Task A_run_within_its_thresholds_or_without_abort_rules_keeps_running()
    {
        var healthy = await RunningAsync(AbortingPlan.Replace("failures.rate < 1%", "failures.rate < 90%", StringComparison.Ordinal));
        var plain = await RunningAsync(Pipeline.Pipeline.PlanText(2));
        foreach (var runId in new[] { healthy, plain })
        {
            await WriteAsync(runId, slice: 0, seconds: [0, 1, 2, 3]);
            await WriteAsync(runId, slice: 1, seconds: [0, 1, 2, 3]);
        }

        clock.Advance(TimeSpan.FromSeconds(4));
        await Monitor().ScanAsync(default);

        (await pipeline.Store.GetRunAsync(healthy))!.CancelRequestedAt.ShouldBeNull();
        (await pipeline.Store.GetRunAsync(plain))!.CancelRequestedAt.ShouldBeNull();
    }

    [Fact]
    public async Task A_sustained_websocket_rule_without_a_step_filter_aborts_on_the_seconds_in_a_row_that_miss_it()
    {
        var runId = await RunningAsync("""
            name: chatting
            slices: 1
            target: http://127.0.0.1:9
            scenarios:
              - name: chat
                vus: 1
                duration: 60s
                steps:
                  - websocket:
                      name: chat
                      path: /ws/echo
                      actions:
                        - send: hi
                        - expect: hi
            thresholds:
              - threshold: websocket.roundtrip.p95 < 10ms over 2s
                abortOnFail: true
            """);
        var monitor = Monitor();
        await WriteRoundTripsAsync(runId, (0, 2_000), (1, 50_000));
        clock.Advance(TimeSpan.FromSeconds(2.5));
        (await monitor.ScanAsync(default)).ShouldBeEmpty("one slow second is not two in a row");

        await WriteRoundTripsAsync(runId, (2, 50_000));
        clock.Advance(TimeSpan.FromSeconds(1));
        var abort = (await monitor.ScanAsync(default)).ShouldHaveSingleItem();

        (abort.Threshold, abort.Second).ShouldBe(("websocket.roundtrip.p95 < 10ms over 2s", 2L));
        (await pipeline.Store.GetRunAsync(runId))!.AbortedBy.ShouldBe("websocket.roundtrip.p95 < 10ms over 2s");
    }

    /// <summary>A planned run whose slices runners have claimed and whose start is set; the clock stands at the run's start.</summary>
    private async Task<string> RunningAsync(string planText)
    {
        var started = await pipeline.Start.StartAsync(planText, "test", default);
        started.Problems.ShouldBeEmpty();
        var runId = started.RunId!;
        await pipeline.Plan.RunAsync(new RunRequestMessage(runId), default);
        (await pipeline.Store.GetRunAsync(runId))!.Status.ShouldBe(RunStatus.Running);
        foreach (var slice in await pipeline.Store.GetSlicesAsync(runId))
        {
            slice.Status = SliceStatus.Running;
            slice.Attempt = 1;
            (await pipeline.Store.TryUpdateSliceAsync(slice)).ShouldBeTrue();
        }

        // Every slice ready: the start barrier sets the start (the watchdog does so in the running pipeline).
        var (run, _) = await pipeline.Store.UpdateRunAsync(runId, r =>
        {
            r.StartAt = DateTimeOffset.UtcNow.AddSeconds(1);
            return true;
        });
        clock ??= new ManualTimeProvider(run!.StartAt!.Value);
        return runId;
    }

    /// <summary>Rows as a runner stores them: 10 requests a second of which 5 failed.</summary>
    private async Task WriteAsync(string runId, int slice, long[] seconds)
    {
        var rows = seconds.Select(second =>
        {
            var stats = new RequestStats { Requests = 10, Failures = 5 };
            stats.StatusCodes["200"] = 5;
            stats.StatusCodes["500"] = 5;
            for (var i = 0; i < 10; i++)
            {
                stats.Latency.RecordMicros(1000);
            }

            return new SliceSecond { RunId = runId, Slice = slice, Attempt = 1, Second = second, Requests = new Dictionary<string, RequestStats> { ["home"] = stats } };
        }).ToList();
        await pipeline.Store.WriteSecondsAsync(rows);
    }

    /// <summary>Rows of slice 0 with 10 websocket round trips a second of the given latency.</summary>
    private async Task WriteRoundTripsAsync(string runId, params (long Second, long Micros)[] seconds)
    {
        var rows = seconds.Select(s =>
        {
            var stats = new RequestStats { Requests = 10 };
            for (var i = 0; i < 10; i++)
            {
                stats.Latency.RecordMicros(s.Micros);
            }

            return new SliceSecond { RunId = runId, Slice = 0, Attempt = 1, Second = s.Second, Requests = new Dictionary<string, RequestStats> { ["chat.roundtrip"] = stats } };
        }).ToList();
        await pipeline.Store.WriteSecondsAsync(rows);
    }

    private async Task StopSlicesAsync(string runId)
    {
        foreach (var slice in await pipeline.Store.GetSlicesAsync(runId))
        {
            slice.Status = SliceStatus.Cancelled;
            slice.EndedAt = clock.GetUtcNow();
            (await pipeline.Store.TryUpdateSliceAsync(slice)).ShouldBeTrue();
        }
    }
}
