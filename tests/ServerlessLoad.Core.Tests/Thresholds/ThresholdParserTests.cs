using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ServerlessLoad.Core.Thresholds;
using Op = ServerlessLoad.Core.Thresholds.ThresholdOperator;

namespace ServerlessLoad.Core.Tests.Thresholds;

public class ThresholdParserTests
{
    public static TheoryData<string, string, string?, string?, Op, double, double?> ValidExpressions => new()
    {
        { "failures.rate < 1%", "failures", null, "rate", Op.LessThan, 0.01, null },
        { "failures.rate < 0.01", "failures", null, "rate", Op.LessThan, 0.01, null },
        { "failures.rate < 5 %", "failures", null, "rate", Op.LessThan, 0.05, null },
        { "failures.count == 0", "failures", null, "count", Op.Equal, 0, null },
        { "latency.p95 < 500ms", "latency", null, "p95", Op.LessThan, 500, null },
        { "latency.p95 < 500", "latency", null, "p95", Op.LessThan, 500, null },
        { "latency.p99 < 1.5s", "latency", null, "p99", Op.LessThan, 1500, null },
        { "latency.max <= 250us", "latency", null, "max", Op.LessThanOrEqual, 0.25, null },
        { "latency.p99.9 < 2s over 30s", "latency", null, "p99.9", Op.LessThan, 2000, 30 },
        { "latency{request:home}.p95 < 300ms", "latency", "home", "p95", Op.LessThan, 300, null },
        { "latency{request:GET /fast}.mean>=10", "latency", "GET /fast", "mean", Op.GreaterThanOrEqual, 10, null },
        { "service_time.p50 < 100ms", "service_time", null, "p50", Op.LessThan, 100, null },
        { "ttfb.p90 < 50ms", "ttfb", null, "p90", Op.LessThan, 50, null },
        { "requests.count > 1000", "requests", null, "count", Op.GreaterThan, 1000, null },
        { "requests.rate >= 16.7", "requests", null, "rate", Op.GreaterThanOrEqual, 16.7, null },
        { "rps > 16.7", "requests", null, "rate", Op.GreaterThan, 16.7, null },
        { "rps{request:home} > 2 over 10s", "requests", "home", "rate", Op.GreaterThan, 2, 10 },
        { "checks.rate > 99%", "checks", null, "rate", Op.GreaterThan, 0.99, null },
        { "duration < 5s", "duration", null, null, Op.LessThan, 5000, null },
        { "duration <= 1m30s", "duration", null, null, Op.LessThanOrEqual, 90_000, null },
        { "websocket.connect.p95 < 1s", "websocket.connect", null, "p95", Op.LessThan, 1000, null },
        { "websocket.roundtrip.max != 0", "websocket.roundtrip", null, "max", Op.NotEqual, 0, null },
        { "  latency.p75   <   500 ms   over   1m  ", "latency", null, "p75", Op.LessThan, 500, 60 },
    };

    [Theory]
    [MemberData(nameof(ValidExpressions))]
    public void Reads_valid_expressions_with_normalized_values(
        string text, string metric, string? request, string? stat, Op op, double value, double? overSeconds)
    {
        ThresholdParser.TryParse(text, out var threshold, out var error, out var position).ShouldBeTrue(error);

        error.ShouldBeNull();
        position.ShouldBe(0);
        threshold.ShouldNotBeNull();
        threshold.Source.ShouldBe(text);
        threshold.Metric.ShouldBe(metric);
        threshold.Request.ShouldBe(request);
        threshold.Stat.ShouldBe(stat);
        threshold.Op.ShouldBe(op);
        threshold.Value.ShouldBe(value, tolerance: 1e-12);
        threshold.Over.ShouldBe(overSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
    }

    public static TheoryData<string, string, int> InvalidExpressions => new()
    {
        { "", "expected a metric such as latency.p95 or failures.rate at 1", 1 },
        { "< 5", "expected a metric such as latency.p95 or failures.rate, found '<' at 1", 1 },
        { "latncy.p95 < 500ms", "unknown metric 'latncy' (did you mean 'latency'?) at 1", 1 },
        { "throughput > 5", "unknown metric 'throughput' at 1", 1 },
        { "websocket.open.p95 < 1s", "unknown metric 'websocket.open' at 1", 1 },
        { "latency.pp95 < 500ms", "unknown statistic 'pp95' for latency (did you mean 'p95'?); expected one of min, mean, p50, p75, p90, p95, p99, p99.9, max at 9", 9 },
        { "checks.count > 1", "unknown statistic 'count' for checks; expected one of rate at 8", 8 },
        { "latency < 500ms", "expected '.' and a statistic (min, mean, p50, p75, p90, p95, p99, p99.9, max) after 'latency' at 8", 8 },
        { "latency. < 5", "expected a statistic (min, mean, p50, p75, p90, p95, p99, p99.9, max) after 'latency.' at 9", 9 },
        { "latency.p95 500ms", "expected operator (<, <=, >, >=, ==, !=), found '500ms' at 13", 13 },
        { "latency.p95 = 500", "expected operator (<, <=, >, >=, ==, !=), found '=' (write == for equality) at 13", 13 },
        { "latency.p95", "expected operator (<, <=, >, >=, ==, !=), found the end at 12", 12 },
        { "latency.p95 < fast", "expected a number, found 'fast' at 15", 15 },
        { "latency.p95 < -5", "expected a number, found '-5' at 15", 15 },
        { "latency.p95 < 5min", "unknown unit 'min' for a latency; use ms (the default), s or us at 16", 16 },
        { "failures.rate < 5", "a rate is a percent (5%) or a fraction between 0 and 1 at 17", 17 },
        { "failures.rate < 150%", "a percentage must be between 0% and 100% at 17", 17 },
        { "failures.rate < 1ms", "unexpected unit 'ms': a rate is a percent (1%) or a fraction (0.01) at 18", 18 },
        { "failures.count < 1.5", "a count must be a whole number at 18", 18 },
        { "requests.count > 5%", "unexpected unit '%': a count is a plain whole number at 19", 19 },
        { "rps > 5s", "unexpected unit 's': a rate per second is a plain number at 8", 8 },
        { "rps.rate > 1", "'rps' takes no statistic: write 'rps < VALUE' at 4", 4 },
        { "duration < 5", "expected a time unit after 5 (ms, s, m or h) at 13", 13 },
        { "duration < 5 days", "expected a time unit after 5 (ms, s, m or h) at 13", 13 },
        { "duration < 5x", "'5x' is not a duration; write for example 500ms, 5s, 1m30s or 2h at 12", 12 },
        { "duration < 5s over 10s", "'duration' is measured once for the whole run and takes no 'over' window at 15", 15 },
        { "duration{request:a} < 5s", "'duration' is measured for the whole run and takes no {request:...} filter at 9", 9 },
        { "latency{req:a}.p95 < 1", "expected 'request:' after '{' at 9", 9 },
        { "latency{request:a.p95 < 1", "expected '}' to close the request filter at 26", 26 },
        { "latency{request: }.p95 < 1", "expected a request name after 'request:' at 17", 17 },
        { "latency.p95 < 1s over", "expected a window duration such as 30s after 'over', found the end at 22", 22 },
        { "latency.p95 < 1s over 0s", "expected a window duration such as 30s after 'over', found '0s' at 23", 23 },
        { "latency.p95 < 1s and more", "unexpected 'and' at 18", 18 },
        { "latency.p95 < 1s over 30s!", "unexpected '!' at 26", 26 },
    };

    [Theory]
    [MemberData(nameof(InvalidExpressions))]
    public void Reports_what_is_wrong_and_where(string text, string expectedError, int expectedPosition)
    {
        ThresholdParser.TryParse(text, out var threshold, out var error, out var position).ShouldBeFalse();

        threshold.ShouldBeNull();
        error.ShouldBe(expectedError);
        position.ShouldBe(expectedPosition);
    }

    [Property(MaxTest = 1000)]
    public void Never_throws_and_always_gives_either_a_threshold_or_a_positioned_error(string? text) =>
        ParsesWithoutThrowing(text ?? "");

    [Property(MaxTest = 2000)]
    public Property Never_throws_for_expression_shaped_noise() =>
        Prop.ForAll(
            Arb.From(Gen.ListOf(Gen.Elements(
                "latency", "websocket", ".", "connect", "p99", ".9", "rate", "{", "}", "request:", "home", " ", "<", "=", ">",
                "!", "5", "0.5", "%", "ms", "s", "us", "over", "1m30s", "duration", "rps", "\t", "\u00e9")).Select(parts => string.Concat(parts))),
            ParsesWithoutThrowing);

    private static void ParsesWithoutThrowing(string text)
    {
        var parsed = ThresholdParser.TryParse(text, out var threshold, out var error, out var position);

        (threshold is not null).ShouldBe(parsed);
        (error is null).ShouldBe(parsed);
        if (!parsed)
        {
            position.ShouldBeInRange(1, text.Length + 1);
            error.ShouldEndWith($" at {position}");
        }
    }

    [Fact]
    public void Parse_returns_the_threshold_for_a_valid_expression() =>
        ThresholdParser.Parse("latency.p95 < 1s").Value.ShouldBe(1000);

    [Fact]
    public void Parse_throws_a_format_exception_naming_the_problem_for_an_invalid_one() =>
        Should.Throw<FormatException>(() => ThresholdParser.Parse("latency.p95 <"))
            .Message.ShouldBe("Invalid threshold 'latency.p95 <': expected a number, found the end at 14");

    [Fact]
    public void The_percentile_statistics_name_their_quantiles()
    {
        ThresholdMetrics.QuantileOf("p99.9").ShouldBe(0.999);
        ThresholdMetrics.QuantileOf("p50").ShouldBe(0.5);
        ThresholdMetrics.QuantileOf("max").ShouldBeNull();
    }
}
