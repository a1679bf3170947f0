using static ServerlessLoad.Reports.Tests.TestData;

namespace ServerlessLoad.Reports.Tests.Aggregation;

public class AggregationTests
{
    [Fact]
    public void Merging_adds_counts_per_request_per_second_and_per_slice()
    {
        var (_, rows) = KnownRun();

        var merged = Reports.Aggregation.Merge(rows);

        merged.ByRequest.Keys.Order().ShouldBe(["home", "search", "zeta"]);
        merged.ByRequest["home"].Requests.ShouldBe(4);
        merged.ByRequest["home"].Failures.ShouldBe(1);
        merged.ByRequest["home"].StatusCodes.ShouldBe(new Dictionary<string, long> { ["200"] = 3, ["500"] = 1 });
        merged.ByRequest["home"].Latency.TotalCount.ShouldBe(4);
        merged.Totals.Requests.ShouldBe(7);
        merged.Totals.Failures.ShouldBe(1);
        merged.Totals.BytesReceived.ShouldBe(7000);
        merged.Totals.FailureCategories["status"].ShouldBe(1);

        merged.Seconds.Select(s => s.Second).ShouldBe([0L, 1L]);
        merged.Seconds.Select(s => s.Totals.Requests).ShouldBe([4L, 3L]);
        merged.Seconds.Select(s => s.ActiveVus).ShouldBe([10, 10]);
        merged.Seconds[1].Requests.Keys.Order().ShouldBe(["search", "zeta"]);

        merged.Slices.ShouldBe([new SliceTotals(0, 5, 0, 1, 2), new SliceTotals(1, 2, 1, 2, 2)]);
        merged.MeasuredSeconds.ShouldBe(2);
    }

    [Fact]
    public void Merging_leaves_the_input_rows_unchanged()
    {
        var (_, rows) = KnownRun();

        Reports.Aggregation.Merge(rows);
        Reports.Aggregation.Merge(rows);

        rows[0].Requests["home"].Requests.ShouldBe(3);
        rows[0].Requests["home"].Latency.TotalCount.ShouldBe(3);
    }

    [Fact]
    public void A_repeated_row_counts_once_and_the_latest_attempt_wins()
    {
        var first = Row(0, 0, attempt: 1, activeVus: 1, ("home", Ok(1000, 1000)));
        var retried = Row(0, 0, attempt: 2, activeVus: 1, ("home", Ok(1000, 1000, 1000)));

        var merged = Reports.Aggregation.Merge([first, retried, retried, first]);

        merged.Totals.Requests.ShouldBe(3);
        merged.Slices.Single().Attempt.ShouldBe(2);
    }

    [Fact]
    public void Seconds_without_rows_are_filled_so_the_timeline_has_no_holes()
    {
        var merged = Reports.Aggregation.Merge([Row(0, 3, ("home", Ok(1000))), Row(0, 6, ("home", Ok(1000, 1000)))]);

        merged.Seconds.Select(s => s.Second).ShouldBe([3L, 4L, 5L, 6L]);
        merged.Seconds.Select(s => s.Totals.Requests).ShouldBe([1L, 0L, 0L, 2L]);
        merged.MeasuredSeconds.ShouldBe(4);
    }

    [Fact]
    public void A_stray_row_far_away_does_not_fill_days_of_empty_seconds()
    {
        var merged = Reports.Aggregation.Merge([Row(0, 0, ("home", Ok(1000))), Row(0, 10_000_000, ("home", Ok(1000)))]);

        merged.Seconds.Count.ShouldBe(2);
        merged.MeasuredSeconds.ShouldBe(10_000_001);
    }

    [Fact]
    public void No_rows_merge_to_empty_results_measured_over_one_second()
    {
        var merged = Reports.Aggregation.Merge([]);

        merged.Totals.Requests.ShouldBe(0);
        merged.ByRequest.ShouldBeEmpty();
        merged.Seconds.ShouldBeEmpty();
        merged.Slices.ShouldBeEmpty();
        merged.MeasuredSeconds.ShouldBe(1);
    }

    [Fact]
    public void Failure_samples_are_kept_in_timeline_order_whatever_the_input_order()
    {
        var early = Ok(1000);
        early.Failures = 1;
        early.FailureCategories["timeout"] = 1;
        early.AddSample("timeout", "early");
        var late = Ok(1000);
        late.Failures = 1;
        late.FailureCategories["timeout"] = 1;
        late.AddSample("timeout", "late");

        var merged = Reports.Aggregation.Merge([Row(0, 9, ("home", late)), Row(0, 1, ("home", early))]);

        merged.Totals.FailureSamples["timeout"].ShouldBe(["early", "late"]);
    }
}
