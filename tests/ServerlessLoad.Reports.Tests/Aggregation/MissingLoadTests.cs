using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Results;
using ServerlessLoad.Core.Runs;
using static ServerlessLoad.Reports.Tests.TestData;

namespace ServerlessLoad.Reports.Tests.Aggregation;

/// <summary>
/// Load that was planned but not measured (a runner lost, a late start) errors the run beyond the tolerance, whatever
/// the thresholds say, and is a warning within it; either way the report says how much and where.
/// </summary>
public sealed class MissingLoadTests
{
    [Fact]
    public void A_runner_lost_for_22_of_80_slice_seconds_errors_the_run_saying_how_much_and_where()
    {
        var (facts, rows) = Run(seconds: 40, slices: 2, missing: (Slice: 0, From: 8, To: 29));

        var report = ReportBuilder.Build(facts, rows);

        report.Verdict.ShouldBe(RunStatus.Errored);
        report.MissingLoad.ShouldNotBeNull();
        (report.MissingLoad.MissingSliceSeconds, report.MissingLoad.PlannedSliceSeconds, report.MissingLoad.Exceeded).ShouldBe((22L, 80L, true));
        report.MissingLoad.Fraction.ShouldBe(0.275);
        report.Errors.ShouldBe(["22 of 80 slice-seconds missing (27.5%, more than the 1% allowed): slice 0, seconds 8-29, runner lost"]);
        report.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void Within_the_tolerance_the_run_passes_and_the_missing_load_is_a_warning()
    {
        var (facts, rows) = Run(seconds: 100, slices: 2, missing: (Slice: 1, From: 50, To: 50));

        var report = ReportBuilder.Build(facts, rows);

        report.Verdict.ShouldBe(RunStatus.Passed);
        report.MissingLoad!.Exceeded.ShouldBeFalse();
        report.Warnings.ShouldBe(["1 of 200 slice-seconds missing (0.5%, within the 1% allowed): slice 1, second 50, runner lost"]);
        ReportNotices.For(report).ShouldContain(report.Warnings[0]);
        ReportMarkdown.Render(report).ShouldContain("> **Warning:** 1 of 200 slice-seconds missing");
    }

    [Fact]
    public void The_plans_maxMissingLoad_wins_over_the_pipelines_default()
    {
        var (facts, rows) = Run(seconds: 40, slices: 2, missing: (Slice: 0, From: 8, To: 29));

        var tolerant = ReportBuilder.Build(facts with { Plan = facts.Plan! with { MaxMissingLoad = 0.3 } }, rows);
        var strict = ReportBuilder.Build(facts with { DefaultMaxMissingLoad = 0.5, Plan = facts.Plan! with { MaxMissingLoad = 0.1 } }, rows);

        tolerant.Verdict.ShouldBe(RunStatus.Passed);
        tolerant.Warnings.ShouldHaveSingleItem().ShouldContain("(27.5%, within the 30% allowed)");
        strict.Verdict.ShouldBe(RunStatus.Errored);
        strict.Errors.ShouldHaveSingleItem().ShouldContain("more than the 10% allowed");
    }

    [Fact]
    public void Nothing_missing_gives_no_missing_load_and_a_cancelled_run_is_not_errored_for_what_it_did_not_run()
    {
        var (complete, rows) = Run(seconds: 10, slices: 2, missing: null);
        var (cancelled, cancelledRows) = Run(seconds: 10, slices: 2, missing: (Slice: 0, From: 2, To: 9));

        ReportBuilder.Build(complete, rows).MissingLoad.ShouldBeNull();
        var report = ReportBuilder.Build(cancelled with { StatusHint = RunStatus.Cancelled }, cancelledRows);
        report.Verdict.ShouldBe(RunStatus.Cancelled);
        report.Errors.ShouldBeEmpty();
    }

    [Fact]
    public void Junit_carries_the_missing_load_as_the_reason_the_run_errored()
    {
        var (facts, rows) = Run(seconds: 40, slices: 2, missing: (Slice: 0, From: 8, To: 29));

        var junit = JUnitReport.Render(ReportBuilder.Build(facts, rows));

        junit.ShouldContain("run errored: 22 of 80 slice-seconds missing");
    }

    /// <summary>A constant-VU plan of <paramref name="seconds"/> over <paramref name="slices"/> slices with a row for every second but the missing span.</summary>
    private static (RunFacts Facts, List<SliceSecond> Rows) Run(int seconds, int slices, (int Slice, long From, long To)? missing)
    {
        var plan = Plan() with
        {
            Slices = slices,
            Scenarios = [Plan().Scenarios[0] with { Vus = slices * 2, Duration = TimeSpan.FromSeconds(seconds) }],
        };
        var rows = new List<SliceSecond>();
        for (var slice = 0; slice < slices; slice++)
        {
            for (long second = 0; second < seconds; second++)
            {
                if (missing is { } gap && gap.Slice == slice && second >= gap.From && second <= gap.To)
                {
                    continue;
                }

                var attempt = missing is { } g && g.Slice == slice && second > g.To ? 2 : 1;
                rows.Add(Row(slice, second, attempt, activeVus: 2, ("home", Ok(1000))));
            }
        }

        var facts = Facts(plan, [.. Enumerable.Range(0, slices).Select(i => Completed(i, attempt: missing?.Slice == i ? 2 : 1))]) with
        {
            EndedAt = Start.AddSeconds(seconds),
        };
        return (facts, rows);
    }
}
