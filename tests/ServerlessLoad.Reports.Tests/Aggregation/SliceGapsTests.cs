using System.Text.Json;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Results;
using ServerlessLoad.Core.Runs;
using static ServerlessLoad.Reports.Tests.TestData;

namespace ServerlessLoad.Reports.Tests.Aggregation;

public class SliceGapsTests
{
    private static Plan TenSeconds(int slices = 1, int vus = 2) => Plan() with
    {
        Slices = slices,
        Scenarios = [Plan().Scenarios[0] with { Vus = vus, Duration = TimeSpan.FromSeconds(10) }],
    };

    private static RunFacts EndedAfter(double seconds, Plan plan, params SliceFacts[] slices) =>
        Facts(plan, slices) with { EndedAt = Start.AddSeconds(seconds) };

    private static IEnumerable<SliceSecond> Rows(int slice, int attempt, long from, long to) =>
        Enumerable.Range((int)from, (int)(to - from + 1)).Select(s => Row(slice, s, attempt, 1, ("home", Ok(1000))));

    [Fact]
    public void A_healthy_slice_misses_nothing()
    {
        var report = ReportBuilder.Build(EndedAfter(10.4, TenSeconds(), Completed(0)), Rows(0, 1, 0, 10));

        report.Slices.ShouldHaveSingleItem().MissingSeconds.ShouldBeEmpty();
    }

    [Fact]
    public void A_takeover_shows_the_seconds_between_the_dead_attempt_and_its_successor()
    {
        var rows = Rows(0, 1, 0, 2).Concat(Rows(0, 2, 6, 10));

        var report = ReportBuilder.Build(EndedAfter(10.4, TenSeconds(), Completed(0, attempt: 2)), rows);

        var span = report.Slices[0].MissingSeconds.ShouldHaveSingleItem();
        (span.From, span.To, span.Count).ShouldBe((3L, 5L, 3L));
        span.Reason.ShouldContain("attempt 1 stopped before storing");
        span.Reason.ShouldContain("attempt 2 took over at second 6");
        report.Totals.Requests.ShouldBe(8);
    }

    [Fact]
    public void A_lost_slice_misses_everything_after_its_last_row_up_to_the_runs_end()
    {
        var lost = new SliceFacts(0, SliceStatus.Lost, 1, 3, 0, "lost: no heartbeat");

        var report = ReportBuilder.Build(EndedAfter(8.2, TenSeconds(), lost), Rows(0, 1, 0, 2));

        var span = report.Slices[0].MissingSeconds.ShouldHaveSingleItem();
        (span.From, span.To).ShouldBe((3L, 7L));
        span.Reason.ShouldBe("not measured: the slice was lost: lost: no heartbeat");
    }

    [Fact]
    public void A_cancelled_run_expects_nothing_after_it_stopped()
    {
        var cancelled = new SliceFacts(0, SliceStatus.Cancelled, 1, 4, 0);

        var report = ReportBuilder.Build(EndedAfter(4.3, TenSeconds(), cancelled) with { StatusHint = RunStatus.Cancelled }, Rows(0, 1, 0, 4));

        report.Verdict.ShouldBe(RunStatus.Cancelled);
        report.Slices[0].MissingSeconds.ShouldBeEmpty();
    }

    [Fact]
    public void A_slice_that_ran_after_its_timeline_misses_all_of_it_and_says_why()
    {
        var report = ReportBuilder.Build(EndedAfter(12, TenSeconds(slices: 2), Completed(0), Completed(1)), Rows(0, 1, 0, 10));

        report.Slices[0].MissingSeconds.ShouldBeEmpty();
        var span = report.Slices[1].MissingSeconds.ShouldHaveSingleItem();
        (span.From, span.To).ShouldBe((0L, 9L));
        span.Reason.ShouldContain("started after its timeline had ended");
    }

    [Fact]
    public void A_late_start_and_a_hole_inside_one_attempt_are_told_apart()
    {
        var rows = Rows(0, 1, 2, 4).Concat(Rows(0, 1, 7, 10));

        var report = ReportBuilder.Build(EndedAfter(10.4, TenSeconds(), Completed(0)), rows);

        report.Slices[0].MissingSeconds.Select(s => (s.From, s.To)).ShouldBe([(0L, 1L), (5L, 6L)]);
        report.Slices[0].MissingSeconds[0].Reason.ShouldContain("started late, at second 2");
        report.Slices[0].MissingSeconds[1].Reason.ShouldContain("no rows stored");
    }

    [Fact]
    public void A_slice_without_a_share_of_the_users_plans_no_seconds()
    {
        var report = ReportBuilder.Build(EndedAfter(10.4, TenSeconds(slices: 2, vus: 1), Completed(0), Completed(1)), Rows(1, 1, 0, 10));

        report.Slices.ShouldAllBe(s => s.MissingSeconds.Count == 0);
    }

    [Fact]
    public void Missing_seconds_appear_in_report_json_and_report_md()
    {
        var rows = Rows(0, 1, 0, 2).Concat(Rows(0, 2, 6, 10));
        var report = ReportBuilder.Build(EndedAfter(10.4, TenSeconds(), Completed(0, attempt: 2)), rows);

        using var json = JsonDocument.Parse(ReportJson.Render(report));
        var markdown = ReportMarkdown.Render(report);

        var span = json.RootElement.GetProperty("slices")[0].GetProperty("missingSeconds")[0];
        span.GetProperty("from").GetInt64().ShouldBe(3);
        span.GetProperty("to").GetInt64().ShouldBe(5);
        span.GetProperty("count").GetInt64().ShouldBe(3);
        markdown.ShouldContain("## Missing seconds");
        markdown.ShouldContain("| 0 | 3-5 | 3 | attempt 1 stopped before storing");
        ReportJson.Parse(ReportJson.Render(report)).Slices[0].MissingSeconds.ShouldHaveSingleItem().From.ShouldBe(3);
    }

    [Fact]
    public void A_slice_the_readiness_timeout_started_without_is_reported_late_with_the_reason_and_counts_as_missing_load()
    {
        var late = Completed(1) with { LateStart = true };
        var rows = Rows(0, 1, 0, 9).Concat(Rows(1, 1, 4, 9));

        var report = ReportBuilder.Build(EndedAfter(10.4, TenSeconds(slices: 2)) with { Slices = [Completed(0), late] }, rows);

        report.Slices[0].MissingSeconds.ShouldBeEmpty();
        var span = report.Slices[1].MissingSeconds.ShouldHaveSingleItem();
        (span.From, span.To).ShouldBe((0L, 3L));
        span.Reason.ShouldBe("not measured: the slice started late, at second 4: no runner was ready for it when the readiness timeout started the run");
        report.MissingLoad!.MissingSliceSeconds.ShouldBe(4);
        report.MissingLoad.Summary.ShouldContain("slice 1, seconds 0-3, started late");
        report.Verdict.ShouldBe(RunStatus.Errored, "4 of 20 slice-seconds missing is more than the 1% allowed");
    }
}
