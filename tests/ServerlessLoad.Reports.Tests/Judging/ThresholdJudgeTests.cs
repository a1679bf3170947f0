using ServerlessLoad.Core.Results;
using static ServerlessLoad.Reports.Tests.TestData;

namespace ServerlessLoad.Reports.Tests.Judging;

public class ThresholdJudgeTests
{
    // The known run: 7 requests over 2 measured seconds (3.5/s), 1 failure (14.29%), wall time 2.5 s.
    // home: 1.0, 1.2, 1.4, 1.6 ms; search: 0.5, 0.7 ms; zeta: 0.3 ms.
    private static readonly MergedResults Known = Reports.Aggregation.Merge(KnownRun().Rows);

    private static ThresholdResult JudgeKnown(string expression) =>
        ThresholdJudge.Judge([expression], Known, durationSeconds: 2.5).Single();

    [Theory]
    [InlineData("latency.p95 < 2ms", true, 1.6)]
    [InlineData("latency.p95 < 1.5ms", false, 1.6)]
    [InlineData("latency.p50 <= 1ms", true, 1.0)]
    [InlineData("latency.min >= 0.3ms", true, 0.3)]
    [InlineData("latency.max < 1.6ms", false, 1.6)]
    [InlineData("latency.mean < 1ms", true, 0.957)]
    [InlineData("latency{request:search}.max < 0.8ms", true, 0.7)]
    [InlineData("latency{request:home}.p50 < 1.1ms", false, 1.2)]
    [InlineData("latency.p99.9 < 1ms", false, 1.6)]
    public void Latency_is_judged_in_milliseconds_from_the_merged_histogram(string expression, bool passed, double actual)
    {
        var result = JudgeKnown(expression);

        result.Passed.ShouldBe(passed);
        result.Actual.ShouldBe(actual);
        result.Unit.ShouldBe(ThresholdUnits.Milliseconds);
        result.Source.ShouldBe(expression);
    }

    [Theory]
    [InlineData("failures.rate < 20%", true, 1.0 / 7)]
    [InlineData("failures.rate < 10%", false, 1.0 / 7)]
    [InlineData("failures{request:home}.rate <= 25%", true, 0.25)]
    [InlineData("failures{request:search}.rate == 0", true, 0.0)]
    [InlineData("failures.count == 0", false, 1.0)]
    [InlineData("failures.count <= 1", true, 1.0)]
    public void Failures_are_judged_as_a_fraction_or_a_count(string expression, bool passed, double actual)
    {
        var result = JudgeKnown(expression);

        result.Passed.ShouldBe(passed);
        result.Actual!.Value.ShouldBe(actual, 1e-9);
    }

    [Theory]
    [InlineData("requests.count >= 7", true, 7.0)]
    [InlineData("requests.count > 7", false, 7.0)]
    [InlineData("requests.rate > 3", true, 3.5)]
    [InlineData("rps > 3", true, 3.5)]
    [InlineData("rps >= 4", false, 3.5)]
    [InlineData("requests{request:home}.rate == 2", true, 2.0)]
    public void Request_rates_divide_by_the_measured_seconds(string expression, bool passed, double actual)
    {
        var result = JudgeKnown(expression);

        result.Passed.ShouldBe(passed);
        result.Actual.ShouldBe(actual);
    }

    [Theory]
    [InlineData("duration < 5s", true)]
    [InlineData("duration < 2s", false)]
    [InlineData("duration >= 2500ms", true)]
    public void Duration_is_the_wall_time_in_milliseconds(string expression, bool passed)
    {
        var result = JudgeKnown(expression);

        result.Passed.ShouldBe(passed);
        result.Actual.ShouldBe(2500);
        result.Unit.ShouldBe(ThresholdUnits.Milliseconds);
    }

    [Theory]
    [InlineData("checks.rate > 99%")]
    [InlineData("ttfb.p95 < 100ms")]
    [InlineData("service_time.p95 < 100ms")]
    [InlineData("websocket.connect.p95 < 100ms")]
    [InlineData("websocket.roundtrip.p99 < 100ms")]
    [InlineData("latency{request:nothing}.p95 < 100ms")]
    [InlineData("failures{request:nothing}.rate < 1%")]
    public void A_metric_without_data_fails_instead_of_passing(string expression)
    {
        var result = JudgeKnown(expression);

        result.Passed.ShouldBeFalse();
        result.Actual.ShouldBeNull();
        result.Message.ShouldStartWith("no data for ");
        result.ActualText.ShouldBe("no data");
    }

    [Fact]
    public void Latency_of_a_run_without_requests_fails_for_lack_of_data()
    {
        var result = ThresholdJudge.Judge(["latency.p95 < 100ms"], Reports.Aggregation.Merge([]), 10).Single();

        result.Passed.ShouldBeFalse();
        result.Message.ShouldBe("no data for latency.p95 (no request was measured)");
    }

    [Fact]
    public void The_failure_rate_of_a_run_without_requests_fails_for_lack_of_data_while_its_failure_count_is_zero()
    {
        var results = ThresholdJudge.Judge(["failures.rate < 1%", "failures.count < 1"], Reports.Aggregation.Merge([]), 10);

        results[0].Passed.ShouldBeFalse();
        results[0].Message.ShouldBe("no data for failures.rate (no request was sent)");
        results[1].Passed.ShouldBeTrue();
        results[1].Actual.ShouldBe(0);
    }

    [Fact]
    public void An_invalid_expression_fails_with_the_parser_error()
    {
        var result = JudgeKnown("latncy.p95 < 1ms");

        result.Passed.ShouldBeFalse();
        result.Message.ShouldStartWith("invalid threshold at position 1: unknown metric 'latncy'");
    }

    [Fact]
    public void Results_keep_the_order_and_text_of_the_expressions()
    {
        var results = ThresholdJudge.Judge(["rps > 1", "failures.rate < 1%", "latency.p95 < 2ms"], Known, 2.5);

        results.Select(r => r.Source).ShouldBe(["rps > 1", "failures.rate < 1%", "latency.p95 < 2ms"]);
        results.Select(r => r.Passed).ShouldBe([true, false, true]);
    }

    [Fact]
    public void Messages_state_the_actual_value_and_the_limit()
    {
        JudgeKnown("latency.p95 < 1.5ms").Message.ShouldBe("1.60 ms does not meet < 1.50 ms");
        JudgeKnown("failures.rate < 20%").Message.ShouldBe("14.29% meets < 20.00%");
        JudgeKnown("rps > 3").Message.ShouldBe("3.5/s meets > 3.0/s");
    }

    // Ten seconds at 1 ms except seconds 3, 4 and 5 at 50 ms: the whole-run p95 is 50 ms, but only for 3 seconds.
    private static MergedResults SlowSpike()
    {
        var rows = Enumerable.Range(0, 10)
            .Select(s => Row(0, s, ("home", Ok(Enumerable.Repeat(s is >= 3 and <= 5 ? 50_000L : 1_000L, 10).ToArray()))))
            .ToList();
        return Reports.Aggregation.Merge(rows);
    }

    [Fact]
    public void An_over_window_tolerates_violations_shorter_than_the_window()
    {
        var results = ThresholdJudge.Judge(["latency.p95 < 10ms", "latency.p95 < 10ms over 5s", "latency.p95 < 10ms over 4s"], SlowSpike(), 10);

        results[0].Passed.ShouldBeFalse();
        results[1].Passed.ShouldBeTrue();
        results[1].Actual.ShouldBe(50);
        results[1].Message.ShouldBe("per second missed at most 3 seconds in a row < 10.00 ms (allowed: less than 5 seconds); whole run 50.00 ms");
        results[2].Passed.ShouldBeTrue();
    }

    [Fact]
    public void An_over_window_fails_when_the_violation_lasts_as_long_as_the_window()
    {
        var result = ThresholdJudge.Judge(["latency.p95 < 10ms over 3s"], SlowSpike(), 10).Single();

        result.Passed.ShouldBeFalse();
        result.Message.ShouldBe("missed < 10.00 ms for 3 seconds in a row from second 3 (allowed: less than 3 seconds)");
    }

    [Fact]
    public void An_over_window_counts_seconds_with_no_requests_as_zero_throughput()
    {
        // 10 requests in seconds 0 and 4 and none in seconds 1-3: three seconds in a row at 0/s.
        var merged = Reports.Aggregation.Merge([Row(0, 0, ("home", Ok(Enumerable.Repeat(1000L, 10).ToArray()))), Row(0, 4, ("home", Ok(Enumerable.Repeat(1000L, 10).ToArray())))]);

        var results = ThresholdJudge.Judge(["rps > 5 over 3s", "rps > 5 over 4s"], merged, 5);

        results[0].Passed.ShouldBeFalse();
        results[1].Passed.ShouldBeTrue();
        results[1].Actual.ShouldBe(4); // 20 requests over 5 measured seconds
    }

    [Fact]
    public void An_over_window_on_latency_is_not_broken_by_a_slow_second_with_data_elsewhere()
    {
        // Seconds 0-3 slow for home, search fast throughout: the filter must look at home only.
        var rows = Enumerable.Range(0, 4)
            .Select(s => Row(0, s, ("home", Ok(50_000)), ("search", Ok(Enumerable.Repeat(1000L, 50).ToArray()))))
            .ToList();
        var merged = Reports.Aggregation.Merge(rows);

        var results = ThresholdJudge.Judge(["latency{request:home}.p95 < 10ms over 4s", "latency.p95 < 10ms over 2s"], merged, 4);

        results[0].Passed.ShouldBeFalse();
        results[1].Passed.ShouldBeTrue();
    }

    [Fact]
    public void Seconds_without_latency_data_break_a_streak_of_violations()
    {
        var slow = Ok(50_000);
        var rows = new List<SliceSecond> { Row(0, 0, ("home", slow)), Row(0, 2, ("home", Ok(50_000))) };

        var result = ThresholdJudge.Judge(["latency.p95 < 10ms over 2s"], Reports.Aggregation.Merge(rows), 3).Single();

        result.Passed.ShouldBeTrue();
    }
}
