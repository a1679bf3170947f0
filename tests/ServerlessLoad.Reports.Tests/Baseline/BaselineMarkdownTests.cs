using static ServerlessLoad.Reports.Tests.Baseline.BaselineReports;

namespace ServerlessLoad.Reports.Tests.Baseline;

public class BaselineMarkdownTests
{
    private static readonly Figures Base = new();

    /// <summary>p95 latency up 50% with shifted seconds, rps down 20% with unchanged seconds, home faster, cart new, login gone.</summary>
    private static string KnownMarkdown(BaselineOptions? options = null)
    {
        var seconds = Noisy(seed: 1, count: 30, rps: 100, p95Ms: 20);
        var baseline = Run("run-1", Base, Request("home", Base), Request("login", Base)).WithSeconds(seconds);
        var current = Run("run-2", Base with { P95 = 30, Rps = 80 }, Request("home", Base with { P50 = 8 }), Request("cart", Base))
            .WithSeconds(Noisy(seed: 2, count: 30, rps: 100, p95Ms: 30));
        return BaselineMarkdown.Render(BaselineComparer.Compare(current, baseline, options ?? BaselineOptions.Default));
    }

    [Fact]
    public void The_section_starts_with_the_baseline_heading_and_the_summary()
    {
        KnownMarkdown().ShouldStartWith(
            "## Compared with baseline run-1\n\n"
            + "1 significant regression against baseline run-1: total latency.p95 +50.0% (p < 0.001).\n\n");
    }

    [Fact]
    public void The_table_shows_baseline_current_change_p_value_and_flag()
    {
        var markdown = KnownMarkdown();

        markdown.ShouldContain(
            "| Request | Metric | Baseline | Current | Change | p-value | Flag |\n"
            + "| --- | --- | ---: | ---: | --- | ---: | --- |\n"
            + "| total | latency.p50 | 10.00 ms | 10.00 ms | unchanged | < 0.001 |  |\n"
            + "| total | latency.p95 | 20.00 ms | 30.00 ms | +10.00 ms (+50.0%) worse | < 0.001 | significant regression |\n");
        markdown.ShouldContain("| total | failures.rate | 1.00% | 1.00% | unchanged | 1.000 |  |\n");
        markdown.ShouldContain("| home | latency.p50 | 10.00 ms | 8.00 ms | -2.00 ms (-20.0%) better | n/a |  |\n");
    }

    [Fact]
    public void A_regression_without_significance_is_flagged_as_a_regression()
    {
        KnownMarkdown().ShouldMatch(@"\| total \| rps \| 100\.0/s \| 80\.0/s \| -20\.0/s \(-20\.0%\) worse \| \d\.\d{3} \| regression \|\n");
    }

    [Fact]
    public void New_and_missing_requests_are_listed_after_the_table()
    {
        var markdown = KnownMarkdown();

        markdown.ShouldContain("Requests new in this run: `cart`.\n");
        markdown.ShouldContain("Requests only in the baseline: `login`.\n");
    }

    [Fact]
    public void The_rules_and_whether_the_gate_is_on_are_stated()
    {
        KnownMarkdown().ShouldContain("worse by more than 10% (failure rate also by at least 0.1 pp)");
        KnownMarkdown().ShouldContain("Informational: the verdict does not depend on it.");
        KnownMarkdown(BaselineOptions.Default with { Gate = true }).ShouldContain("A significant regression fails the run.");
    }

    [Fact]
    public void The_section_uses_words_and_plain_text_only()
    {
        KnownMarkdown().ShouldAllBe(c => c < 128);
    }

    [Fact]
    public void A_zero_baseline_shows_the_absolute_change_only()
    {
        var comparison = BaselineComparer.Compare(
            Run("run-2", Base with { FailureRate = 0.005 }),
            Run("run-1", Base with { FailureRate = 0 }),
            BaselineOptions.Default);

        BaselineMarkdown.Render(comparison).ShouldContain("| total | failures.rate | 0.00% | 0.50% | +0.50 pp worse | n/a | regression |\n");
    }

    [Fact]
    public void Names_cannot_break_the_table()
    {
        var comparison = BaselineComparer.Compare(
            Run("run-2", Base, Request("a|b\nc", Base)),
            Run("run-1", Base, Request("a|b\nc", Base)),
            BaselineOptions.Default);

        BaselineMarkdown.Render(comparison).ShouldContain("| a\\|b c | latency.p50 |");
    }
}
