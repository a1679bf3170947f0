using ServerlessLoad.Core.Runs;
using static ServerlessLoad.Reports.Tests.TestData;

namespace ServerlessLoad.Reports.Tests;

public class ReportBuilderTests
{
    [Fact]
    public void Requests_follow_the_plan_order_then_unknown_names_alphabetically()
    {
        var rows = new[]
        {
            Row(0, 0, ("zulu", Ok(1000)), ("search", Ok(1000)), ("alpha", Ok(1000))),
        };

        var report = ReportBuilder.Build(Facts(Plan(), Completed(0)), rows);

        report.Requests.Select(r => r.Name).ShouldBe(["home", "search", "alpha", "zulu"]);
        report.Requests[0].Requests.ShouldBe(0);
        report.Requests[0].LatencyMs.ShouldBe(LatencySummary.Empty);
        report.Requests[2].Method.ShouldBeNull();
        report.Requests[2].Url.ShouldBeNull();
    }

    [Fact]
    public void Urls_join_the_target_and_the_path_keeping_the_base_path()
    {
        var (facts, rows) = KnownRun();

        var report = ReportBuilder.Build(facts, rows);

        report.Requests[0].Url.ShouldBe("http://127.0.0.1:8080/api/");
        report.Requests[1].Url.ShouldBe("http://127.0.0.1:8080/api/search?q=x");
        report.Requests[1].Method.ShouldBe("POST");
    }

    [Fact]
    public void The_known_run_adds_up()
    {
        var (facts, rows) = KnownRun("failures.rate < 20%", "latency.p95 < 1ms");

        var report = ReportBuilder.Build(facts, rows);

        report.Verdict.ShouldBe(RunStatus.Failed);
        report.DurationSeconds.ShouldBe(2.5);
        report.MeasuredSeconds.ShouldBe(2);
        report.Totals.Requests.ShouldBe(7);
        report.Totals.Failures.ShouldBe(1);
        report.Totals.FailureRate.ShouldBe(0.142857);
        report.Totals.Rps.ShouldBe(3.5);
        report.Totals.LatencyMs.ShouldBe(new LatencySummary(0.3, 0.957, report.Totals.LatencyMs.Stdev, 1.0, 1.4, 1.6, 1.6, 1.6, 1.6, 1.6));

        // The standard deviation, computed independently from the seven raw samples (population form, as the
        // histogram's): the histogram holds these latencies exactly, so only the report's rounding may differ.
        double[] samples = [1.0, 1.2, 1.4, 1.6, 0.5, 0.7, 0.3];
        var mean = samples.Average();
        var stdev = Math.Sqrt(samples.Sum(x => (x - mean) * (x - mean)) / samples.Length);
        report.Totals.LatencyMs.Stdev.ShouldBe(stdev, 0.0005);
        report.Totals.StatusCodes.ShouldBe(new Dictionary<string, long> { ["200"] = 6, ["500"] = 1 });
        report.Requests.Select(r => r.Rps).ShouldBe([2.0, 1.0, 0.5]);
        report.Slices.ShouldBe(
        [
            new SliceReport(0, SliceStatus.Completed, 1, 5, 0, 5, null),
            new SliceReport(1, SliceStatus.Completed, 2, 2, 1, 2, null),
        ]);
        report.PerSecond.ShouldBe(
        [
            new SecondReport(0, 4, 1, 4, 1.2, 1.6, 1.6, 10) { PlannedVus = 10 },
            new SecondReport(1, 3, 0, 3, 0.5, 0.7, 0.7, 10) { PlannedVus = 10 },
        ]);
        report.FailureCategories.Select(c => (c.Category, c.Count, string.Join(";", c.Samples)))
            .ShouldBe([("status", 1L, "HTTP 500 Internal Server Error")]);
        report.Thresholds.Select(t => t.Passed).ShouldBe([true, false]);
    }

    [Fact]
    public void Slices_known_only_from_rows_or_only_from_records_are_both_listed()
    {
        var facts = Facts(Plan(), Completed(0, requests: 1), new SliceFacts(2, SliceStatus.Lost, 3, 0, 0, "lease expired"));
        var rows = new[] { Row(0, 0, ("home", Ok(1000))), Row(1, 0, ("home", Ok(1000))) };

        var report = ReportBuilder.Build(facts, rows);

        report.Slices.Select(s => (s.Index, s.Status)).ShouldBe([(0, "completed"), (1, "unknown"), (2, "lost")]);
        report.Slices[2].Error.ShouldBe("lease expired");
        report.Verdict.ShouldBe(RunStatus.Errored);
    }

    [Fact]
    public void Status_codes_are_ordered_numerically()
    {
        var stats = Ok(1000);
        stats.StatusCodes.Clear();
        stats.StatusCodes["503"] = 1;
        stats.StatusCodes["0"] = 1;
        stats.StatusCodes["1000"] = 1;
        stats.StatusCodes["200"] = 1;

        var report = ReportBuilder.Build(Facts(Plan(), Completed(0)), [Row(0, 0, ("home", stats))]);

        report.Totals.StatusCodes.Keys.ShouldBe(["0", "200", "503", "1000"]);
    }

    [Fact]
    public void A_run_whose_slices_completed_without_one_request_errored_even_without_thresholds()
    {
        var facts = Facts(Plan(), Completed(0), Completed(1));

        var report = ReportBuilder.Build(facts, []);

        report.Verdict.ShouldBe(RunStatus.Errored);
        report.Errors.ShouldBe([ReportBuilder.NoLoadError]);
        report.Totals.Requests.ShouldBe(0);
    }

    [Fact]
    public void One_request_anywhere_is_load_and_an_already_broken_run_gets_no_second_reason()
    {
        // (These rows cover only one second of the planned ones: the missing load is tolerated here, it is not the point.)
        ReportBuilder.Build(Facts(Plan(), Completed(0), Completed(1)) with { DefaultMaxMissingLoad = 1 }, [Row(1, 3, ("home", Ok(1000)))])
            .ShouldSatisfyAllConditions(r => r.Verdict.ShouldBe(RunStatus.Passed), r => r.Errors.ShouldBeEmpty());

        var lost = Facts(Plan(), Completed(0), new SliceFacts(1, SliceStatus.Lost, 1, 0, 0, "no heartbeat"));
        ReportBuilder.Build(lost, []).Errors.ShouldNotContain(ReportBuilder.NoLoadError);

        var cancelled = Facts(Plan(), new SliceFacts(0, SliceStatus.Cancelled, 1, 0, 0)) with { StatusHint = RunStatus.Cancelled };
        ReportBuilder.Build(cancelled, []).ShouldSatisfyAllConditions(r => r.Verdict.ShouldBe(RunStatus.Cancelled), r => r.Errors.ShouldBeEmpty());
    }
}
