using ServerlessLoad.Core.Thresholds;

namespace ServerlessLoad.Core.Tests.Thresholds;

public class ThresholdIsMetTests
{
    [Theory]
    [InlineData("latency.p95 < 500ms", 499.9, true)]
    [InlineData("latency.p95 < 500ms", 500, false)]
    [InlineData("latency.p95 <= 500ms", 500, true)]
    [InlineData("latency.p95 <= 500ms", 500.1, false)]
    [InlineData("latency.p95 < 1s", 999, true)]
    [InlineData("latency.p95 < 1s", 1001, false)]
    [InlineData("rps > 16.7", 16.8, true)]
    [InlineData("rps > 16.7", 16.7, false)]
    [InlineData("rps >= 16.7", 16.7, true)]
    [InlineData("failures.count == 0", 0, true)]
    [InlineData("failures.count == 0", 1, false)]
    [InlineData("failures.count != 0", 1, true)]
    [InlineData("failures.count != 0", 0, false)]
    [InlineData("failures.rate < 1%", 0.009, true)]
    [InlineData("failures.rate < 1%", 0.01, false)]
    [InlineData("failures.rate <= 0.1%", 0.001, true)]
    [InlineData("failures.rate == 0.3%", 0.003, true)]
    [InlineData("checks.rate > 99%", 0.995, true)]
    [InlineData("duration < 5s", 4_999, true)]
    [InlineData("duration < 5s", 5_000, false)]
    public void Compares_a_measured_value_in_normalized_units(string expression, double actual, bool met) =>
        ThresholdParser.Parse(expression).IsMet(actual).ShouldBe(met);

    [Theory]
    [InlineData("latency.p95 < 500ms")]
    [InlineData("latency.p95 > 500ms")]
    [InlineData("failures.count != 0")]
    public void A_missing_measurement_never_meets_a_threshold(string expression) =>
        ThresholdParser.Parse(expression).IsMet(double.NaN).ShouldBeFalse();

    [Fact]
    public void A_threshold_prints_as_written() =>
        ThresholdParser.Parse("rps  >  2").ToString().ShouldBe("rps  >  2");
}
