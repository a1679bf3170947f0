using ServerlessLoad.Core.Thresholds;
using Op = ServerlessLoad.Core.Thresholds.ThresholdOperator;

namespace ServerlessLoad.Core.Tests.Thresholds;

/// <summary>browser.* thresholds: Web Vitals and step durations, with the step filter before or after the measure.</summary>
public class BrowserThresholdParserTests
{
    public static TheoryData<string, string, string?, string, Op, double> ValidExpressions => new()
    {
        { "browser.lcp.p75 < 2.5s", "browser.lcp", null, "p75", Op.LessThan, 2500 },
        { "browser.fcp.p75 < 1800ms", "browser.fcp", null, "p75", Op.LessThan, 1800 },
        { "browser.ttfb.p95 < 800", "browser.ttfb", null, "p95", Op.LessThan, 800 },
        { "browser.inp.p75 <= 200ms", "browser.inp", null, "p75", Op.LessThanOrEqual, 200 },
        { "browser.cls.p75 < 0.1", "browser.cls", null, "p75", Op.LessThan, 0.1 },
        { "browser{request:checkout}.duration.p95 < 3s", "browser.duration", "checkout", "p95", Op.LessThan, 3000 },
        { "browser.duration{request:checkout}.p95 < 3s", "browser.duration", "checkout", "p95", Op.LessThan, 3000 },
        { "browser{request:shop}.lcp.max < 4s", "browser.lcp", "shop", "max", Op.LessThan, 4000 },
    };

    [Theory]
    [MemberData(nameof(ValidExpressions))]
    public void Reads_browser_metrics_with_normalized_values(string text, string metric, string? request, string stat, Op op, double value)
    {
        ThresholdParser.TryParse(text, out var threshold, out var error, out _).ShouldBeTrue(error);

        threshold!.Metric.ShouldBe(metric);
        threshold.Request.ShouldBe(request);
        threshold.Stat.ShouldBe(stat);
        threshold.Op.ShouldBe(op);
        threshold.Value.ShouldBe(value, tolerance: 1e-12);
    }

    [Theory]
    [InlineData("browser.lcpp.p75 < 2s", "unknown metric 'browser.lcpp' (did you mean 'browser.lcp'?) at 1")]
    [InlineData("browser < 2s", "expected '.' and a measure after 'browser' (browser.duration, browser.ttfb, browser.fcp, browser.lcp, browser.cls, browser.inp) at 8")]
    [InlineData("browser.cls.p75 < 0.1s", "unexpected unit 's': a layout shift score is a plain number (0.1) at 22")]
    [InlineData("browser{request:a}.lcp{request:b}.p75 < 2s", "one {request:...} filter only: after 'browser' or after the measure, not both at 23")]
    [InlineData("browser{request:a.lcp.p75 < 2s", "expected '}' to close the request filter at 31")]
    public void Reports_browser_mistakes_with_their_position(string text, string expected)
    {
        ThresholdParser.TryParse(text, out _, out var error, out _).ShouldBeFalse();

        error.ShouldBe(expected);
    }
}
