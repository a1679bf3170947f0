using ServerlessLoad.Functions.Metrics;

namespace ServerlessLoad.Functions.Tests.Metrics;

public sealed class PrometheusTextTests
{
    [Fact]
    public void Label_values_escape_backslashes_quotes_and_line_feeds()
    {
        var text = new PrometheusText()
            .Family("m", "gauge", "Help with a \\ and a\nline.")
            .Sample("m", 1.5, ("plan", "a\\b\"c\nd"))
            .ToString();

        text.ShouldBe("# HELP m Help with a \\\\ and a\\nline.\n# TYPE m gauge\nm{plan=\"a\\\\b\\\"c\\nd\"} 1.5\n");
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(1e-7, "1E-07")]
    [InlineData(12345678901d, "12345678901")]
    public void Numbers_are_written_as_Prometheus_reads_them(double value, string written) =>
        PrometheusText.Number(value).ShouldBe(written);

    [Fact]
    public void Every_status_is_listed_even_when_no_run_has_it()
    {
        var snapshot = new PipelineSnapshot(new Dictionary<string, int> { ["passed"] = 2 }, [], new Dictionary<string, int>(), new Dictionary<string, int>());

        var lines = snapshot.ToPrometheusText().Split('\n');

        lines.ShouldContain("sload_runs{status=\"passed\"} 2");
        lines.ShouldContain("sload_runs{status=\"running\"} 0");
        lines.ShouldContain("sload_runners_live 0");
    }
}
