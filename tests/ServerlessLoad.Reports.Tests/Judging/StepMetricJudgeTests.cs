using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Reports.Tests.Judging;

/// <summary>Thresholds on checks, time to first byte, service time and websocket steps, judged on <see cref="FullRunData"/>.</summary>
public class StepMetricJudgeTests
{
    // login: 6 checks, 1 failed. ttfb: home 0.5, 0.6, 0.7; login 0.3, 0.35, 0.45 ms. service time: latency - 0.1 ms.
    // chat.connect: 1.5 (s0), 1.7 (s1) ms; chat.roundtrip: 0.3, 0.5 (s0), 0.4 (s1) ms.
    private static readonly MergedResults Merged = Reports.Aggregation.Merge(FullRunData.Run().Rows);
    private static readonly MetricCatalog Catalog = MetricCatalog.Of(FullRunData.Plan());

    private static ThresholdResult Judge(string expression) =>
        ThresholdJudge.Judge([expression], Merged, durationSeconds: 2.5, Catalog).Single();

    [Theory]
    [InlineData("checks.rate > 99%", false, 5.0 / 6)]
    [InlineData("checks.rate > 80%", true, 5.0 / 6)]
    [InlineData("checks{request:login}.rate >= 83%", true, 5.0 / 6)]
    public void Checks_rate_is_the_share_of_checks_that_held(string expression, bool passed, double actual)
    {
        var result = Judge(expression);

        result.Passed.ShouldBe(passed);
        result.Actual!.Value.ShouldBe(actual, 1e-9);
        result.Unit.ShouldBe(ThresholdUnits.Fraction);
    }

    [Fact]
    public void Checks_rate_without_any_check_has_no_data_and_fails_like_every_metric_without_data()
    {
        var result = Judge("checks{request:home}.rate > 99%");

        result.Passed.ShouldBeFalse();
        result.Actual.ShouldBeNull();
        result.Message.ShouldBe("no data for checks{request:home}.rate (no check of that request was evaluated)");
    }

    [Theory]
    [InlineData("websocket.connect.p95 < 1s", true, 1.7)]
    [InlineData("websocket.connect.p50 < 1.5ms", false, 1.5)]
    [InlineData("websocket.connect{request:chat}.max < 1.6ms", false, 1.7)]
    [InlineData("websocket.connect{request:chat.connect}.min <= 1.5ms", true, 1.5)]
    [InlineData("websocket.roundtrip.p50 < 1ms", true, 0.4)]
    [InlineData("websocket.roundtrip{request:chat}.max <= 0.5ms", true, 0.5)]
    public void Websocket_thresholds_judge_the_keys_of_their_kind_and_request_selects_the_step(string expression, bool passed, double actual)
    {
        var result = Judge(expression);

        result.Passed.ShouldBe(passed);
        result.Actual.ShouldBe(actual);
        result.Unit.ShouldBe(ThresholdUnits.Milliseconds);
    }

    [Fact]
    public void A_websocket_threshold_never_reads_http_requests()
    {
        // The http keys (0.6 - 1.4 ms) would lower the connect p50 if they were counted.
        Judge("websocket.connect.min >= 1.5ms").Passed.ShouldBeTrue();
    }

    [Fact]
    public void Websocket_kinds_are_recognized_by_their_suffix_without_a_plan()
    {
        var result = ThresholdJudge.Judge(["websocket.roundtrip{request:chat}.p50 < 1ms"], Merged, 2.5).Single();

        result.Passed.ShouldBeTrue();
        result.Actual.ShouldBe(0.4);
    }

    [Theory]
    [InlineData("websocket.connect{request:nope}.p95 < 1s", "no data for websocket.connect{request:nope}.p95 (no websocket step of that name was measured)")]
    [InlineData("websocket.roundtrip{request:login}.p95 < 1s", "no data for websocket.roundtrip{request:login}.p95 (no websocket step of that name was measured)")]
    public void A_websocket_threshold_on_an_unknown_step_has_no_data(string expression, string message)
    {
        var result = Judge(expression);

        result.Passed.ShouldBeFalse();
        result.Message.ShouldBe(message);
    }

    [Fact]
    public void A_plan_without_websockets_has_no_data_for_websocket_thresholds()
    {
        var known = Reports.Aggregation.Merge(TestData.KnownRun().Rows);

        var result = ThresholdJudge.Judge(["websocket.connect.p95 < 1s"], known, 2.5, MetricCatalog.Of(TestData.Plan())).Single();

        result.Passed.ShouldBeFalse();
        result.Message.ShouldBe("no data for websocket.connect.p95 (no websocket step was measured)");
    }

    [Theory]
    [InlineData("ttfb.p95 < 1ms", true, 0.7)]
    [InlineData("ttfb{request:login}.max < 0.4ms", false, 0.45)]
    [InlineData("service_time{request:home}.max <= 1.3ms", true, 1.3)]
    [InlineData("service_time.min < 0.5ms", false, 0.5)]
    public void Time_to_first_byte_and_service_time_are_judged_from_their_own_distributions(string expression, bool passed, double actual)
    {
        var result = Judge(expression);

        result.Passed.ShouldBe(passed);
        result.Actual.ShouldBe(actual);
    }

    [Fact]
    public void A_sustained_websocket_threshold_is_judged_second_by_second()
    {
        // Round trip p50: 0.3 ms in second 0, 0.4 ms in second 1.
        Judge("websocket.roundtrip.p50 < 0.35ms over 1s").Passed.ShouldBeFalse();
        Judge("websocket.roundtrip.p50 < 0.35ms over 2s").Passed.ShouldBeTrue();
    }

    [Fact]
    public void The_per_second_keys_a_plan_needs_include_the_websocket_keys_its_sustained_thresholds_judge()
    {
        var plan = FullRunData.Plan(
            "websocket.roundtrip.p50 < 0.35ms over 1s",
            "websocket.connect{request:chat}.p95 < 1s over 5s",
            "latency{request:home}.p95 < 1s over 5s",
            "latency{request:login}.p95 < 1s");

        SecondLatencyKeys.For(plan).Order(StringComparer.Ordinal).ShouldBe(["chat", "chat.connect", "chat.roundtrip", "home"]);
    }

    [Fact]
    public void A_merge_that_keeps_only_those_keys_still_judges_the_sustained_websocket_threshold()
    {
        var plan = FullRunData.Plan("websocket.roundtrip.p50 < 0.35ms over 1s");
        var builder = new Reports.Aggregation.MergeBuilder(SecondLatencyKeys.For(plan));
        foreach (var slice in FullRunData.Run().Rows.GroupBy(r => r.Slice))
        {
            builder.AddSlice(slice.ToList());
        }

        var result = ThresholdJudge.Judge(plan.Thresholds, builder.Build(), 2.5, MetricCatalog.Of(plan)).Single();

        result.Passed.ShouldBeFalse();
        result.Message.ShouldStartWith("missed < 0.35 ms for 1 second in a row from second 1");
    }

    [Fact]
    public void The_metric_catalog_selects_a_websocket_step_by_its_name_or_its_key_only()
    {
        MetricCatalog.Selects("chat", "chat.connect", MetricKinds.WebSocketConnect).ShouldBeTrue();
        MetricCatalog.Selects("chat.connect", "chat.connect", MetricKinds.WebSocketConnect).ShouldBeTrue();
        MetricCatalog.Selects("chat", "chat.roundtrip", MetricKinds.WebSocketConnect).ShouldBeFalse();
        MetricCatalog.Selects("cha", "chat.connect", MetricKinds.WebSocketConnect).ShouldBeFalse();
        MetricCatalog.Selects("chat", "chat.connect", MetricKinds.Http).ShouldBeFalse();
    }
}
