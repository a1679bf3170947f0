using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Core.Thresholds;
using static ServerlessLoad.Reports.Tests.TestData;

namespace ServerlessLoad.Reports.Tests.Judging;

public class AbortJudgeTests
{
    private static Threshold Abort(string expression, double delaySeconds = 0) =>
        ThresholdParser.Parse(expression) with { AbortOnFail = true, DelayAbortEval = TimeSpan.FromSeconds(delaySeconds) };

    /// <summary>Seconds 0..n-1 on one slice, each with 10 requests of which <paramref name="failuresPerSecond"/> failed.</summary>
    private static MergedResults Seconds(int count, int failuresPerSecond, long latencyMicros = 1000) =>
        Reports.Aggregation.Merge(Enumerable.Range(0, count)
            .Select(s => Row(0, s, ("home", Stats(failuresPerSecond, Enumerable.Repeat(latencyMicros, 10).ToArray())))));

    [Fact]
    public void A_failure_rate_over_its_limit_aborts_at_the_last_judged_second()
    {
        var abort = AbortJudge.Check([Abort("failures.rate < 1%")], Seconds(3, failuresPerSecond: 5), TimeSpan.FromSeconds(3.2));

        abort.ShouldNotBeNull();
        abort.Threshold.ShouldBe("failures.rate < 1%");
        abort.Second.ShouldBe(2);
        abort.Reason.ShouldBe("failures.rate < 1% failed at second 2: 50.00% does not meet < 1.00%");
    }

    [Fact]
    public void Nothing_is_judged_before_the_delay_has_passed()
    {
        var rules = new[] { Abort("failures.rate < 1%", delaySeconds: 5) };

        AbortJudge.Check(rules, Seconds(3, failuresPerSecond: 5), TimeSpan.FromSeconds(4.9)).ShouldBeNull();
        AbortJudge.Check(rules, Seconds(5, failuresPerSecond: 5), TimeSpan.FromSeconds(5)).ShouldNotBeNull().Second.ShouldBe(4);
    }

    [Fact]
    public void Rules_that_hold_so_far_or_are_not_marked_abortOnFail_do_not_abort()
    {
        var results = Seconds(3, failuresPerSecond: 5);

        AbortJudge.Check([Abort("failures.rate < 60%"), Abort("latency.p95 < 2ms")], results, TimeSpan.FromSeconds(3)).ShouldBeNull();
        AbortJudge.Check([ThresholdParser.Parse("failures.rate < 1%")], results, TimeSpan.FromSeconds(3)).ShouldBeNull();
    }

    [Fact]
    public void A_metric_without_data_yet_never_aborts()
    {
        var noRows = Reports.Aggregation.Merge([]);

        AbortJudge.Check([Abort("latency.p95 < 1ms"), Abort("latency{request:home}.p99 < 1ms")], noRows, TimeSpan.FromSeconds(10)).ShouldBeNull();
    }

    [Fact]
    public void A_count_aborts_as_soon_as_the_running_total_passes_its_bound()
    {
        var rules = new[] { Abort("failures.count < 12") };

        AbortJudge.Check(rules, Seconds(2, failuresPerSecond: 5), TimeSpan.FromSeconds(2)).ShouldBeNull();
        AbortJudge.Check(rules, Seconds(3, failuresPerSecond: 5), TimeSpan.FromSeconds(3)).ShouldNotBeNull().Reason.ShouldContain("15 does not meet < 12");
    }

    [Fact]
    public void A_duration_bound_aborts_once_the_elapsed_time_passes_it()
    {
        var rules = new[] { Abort("duration < 10s") };

        AbortJudge.Check(rules, Seconds(3, 0), TimeSpan.FromSeconds(9.9)).ShouldBeNull();
        var abort = AbortJudge.Check(rules, Seconds(3, 0), TimeSpan.FromSeconds(10.4)).ShouldNotBeNull();
        abort.Second.ShouldBe(10);
    }

    [Fact]
    public void A_sustained_window_aborts_only_once_violated_that_many_seconds_in_a_row()
    {
        var rules = new[] { Abort("latency.p95 < 2ms over 3s") };
        var slowFrom2 = Enumerable.Range(0, 6).Select(s => Row(0, s, ("home", Ok(s >= 2 ? 5000 : 1000)))).ToList();

        AbortJudge.Check(rules, Reports.Aggregation.Merge(slowFrom2.Take(4)), TimeSpan.FromSeconds(4)).ShouldBeNull();
        var abort = AbortJudge.Check(rules, Reports.Aggregation.Merge(slowFrom2.Take(5)), TimeSpan.FromSeconds(5)).ShouldNotBeNull();
        abort.Second.ShouldBe(4);
        abort.Reason.ShouldContain("for 3 seconds in a row from second 2");
    }

    [Fact]
    public void The_first_violated_rule_in_plan_order_is_the_reason()
    {
        var abort = AbortJudge.Check([Abort("latency.p95 < 2ms"), Abort("failures.count < 1"), Abort("failures.rate < 1%")], Seconds(2, 1), TimeSpan.FromSeconds(2));

        abort.ShouldNotBeNull().Threshold.ShouldBe("failures.count < 1");
    }

    [Fact]
    public void An_aborted_run_fails_with_its_cancelled_slices_and_the_report_names_the_threshold_and_second()
    {
        var (facts, rows) = KnownRun("failures.rate < 50%", "latency.p95 < 1s");
        var abort = new RunAbort("failures.rate < 50%", 1, "failures.rate < 50% failed at second 1: 60.00% does not meet < 50.00%");
        facts = facts with
        {
            StatusHint = RunStatus.Cancelled,
            AbortedBy = abort,
            Slices = [new(0, SliceStatus.Cancelled, 1, 5, 0), new(1, SliceStatus.Cancelled, 2, 2, 0)],
        };

        var report = ReportBuilder.Build(facts, rows);

        report.Verdict.ShouldBe(RunStatus.Failed);
        report.AbortedBy.ShouldBe(abort);
        report.Thresholds.Select(t => (t.Source, t.Passed)).ShouldBe([("failures.rate < 50%", false), ("latency.p95 < 1s", true)]);
        report.Thresholds[0].Message.ShouldBe("aborted the run: " + abort.Reason);
        ReportJson.Parse(ReportJson.Render(report)).AbortedBy.ShouldBe(abort);
        ReportMarkdown.Render(report).ShouldContain("**Aborted at second 1** by abortOnFail threshold `failures.rate < 50%`: failures.rate < 50% failed at second 1");
        ReportHtml.Render(report, new Dictionary<string, string>()).ShouldContain("<strong>Aborted at second 1</strong> by abortOnFail threshold <code>failures.rate &lt; 50%</code>");
    }

    [Fact]
    public void An_aborted_run_whose_slice_was_lost_is_errored_not_failed()
    {
        var (facts, _) = KnownRun("failures.rate < 50%");
        facts = facts with
        {
            AbortedBy = new RunAbort("failures.rate < 50%", 1, "r"),
            Slices = [new(0, SliceStatus.Cancelled, 1, 5, 0), new(1, SliceStatus.Lost, 1, 2, 0)],
        };

        Verdict.Decide(facts, []).ShouldBe(RunStatus.Errored);
    }

    [Fact]
    public void A_watch_keeps_the_per_second_websocket_keys_its_sustained_rule_reads_and_aborts_as_the_report_would_judge()
    {
        // Round trip p50: 0.3 ms in second 0, 0.4 ms in second 1 (FullRunData).
        const string Rule = "websocket.roundtrip.p50 < 0.35ms over 1s";
        var plan = FullRunData.Plan(Rule) with { AbortOnFail = [new ThresholdAbort(Rule, TimeSpan.Zero)] };
        var watch = new AbortWatch(plan);
        var rows = FullRunData.Run().Rows;

        watch.Add(rows.Where(r => r.Second == 0));
        watch.Check(TimeSpan.FromSeconds(1)).ShouldBeNull();
        watch.Add(rows.Where(r => r.Second == 1));
        var abort = watch.Check(TimeSpan.FromSeconds(2)).ShouldNotBeNull();

        (abort.Threshold, abort.Second).ShouldBe((Rule, 1L));
        abort.Reason.ShouldStartWith($"{Rule} failed at second 1: missed < 0.35 ms for 1 second in a row from second 1");
    }

    [Fact]
    public void A_watch_without_abort_rules_never_aborts()
    {
        var watch = new AbortWatch(FullRunData.Plan("websocket.roundtrip.p50 < 0.35ms over 1s"));
        watch.Add(FullRunData.Run().Rows);

        watch.Rules.ShouldBeEmpty();
        watch.Check(TimeSpan.FromSeconds(5)).ShouldBeNull();
    }
}
