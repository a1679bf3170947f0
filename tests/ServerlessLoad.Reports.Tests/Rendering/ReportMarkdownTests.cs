using ServerlessLoad.Core.Runs;
using static ServerlessLoad.Reports.Tests.TestData;

namespace ServerlessLoad.Reports.Tests.Rendering;

public class ReportMarkdownTests
{
    private static string KnownMarkdown()
    {
        var (facts, rows) = KnownRun("failures.rate < 20%", "latency.p95 < 1ms");
        return ReportMarkdown.Render(ReportBuilder.Build(facts, rows));
    }

    [Fact]
    public void The_verdict_comes_first()
    {
        KnownMarkdown().ShouldStartWith("**Verdict: FAILED**\n\n# Load test report: checkout\n\nRun `run-1`, started 2026-01-02 03:04:05Z, ended 2026-01-02 03:04:07Z, triggered by api.\n");
    }

    [Fact]
    public void The_summary_table_holds_the_known_numbers()
    {
        KnownMarkdown().ShouldContain("""
            ## Summary

            | Metric | Value |
            | --- | ---: |
            | Requests | 7 |
            | Failures | 1 |
            | Failure rate | 14.29% |
            | Requests/s | 3.5 |
            | p50 latency (ms) | 1.00 |
            | p90 latency (ms) | 1.60 |
            | p95 latency (ms) | 1.60 |
            | p99 latency (ms) | 1.60 |
            | Max latency (ms) | 1.60 |
            | Duration (s) | 2.5 |
            | Measured seconds | 2 |
            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void The_thresholds_table_shows_expression_actual_and_result()
    {
        var markdown = KnownMarkdown();

        markdown.ShouldContain("| Threshold | Actual | Result | Detail |");
        markdown.ShouldContain("| `failures.rate < 20%` | 14.29% | passed | 14.29% meets < 20.00% |");
        markdown.ShouldContain("| `latency.p95 < 1ms` | 1.60 ms | FAILED | 1.60 ms does not meet < 1.00 ms |");
    }

    [Fact]
    public void The_requests_table_lists_each_request_in_plan_order()
    {
        var markdown = KnownMarkdown();

        markdown.ShouldContain("| Request | Method | URL | Requests | Failures | Requests/s | p50 ms | p95 ms | p99 ms | Max ms | Status codes |");
        markdown.ShouldContain("| home | GET | http://127.0.0.1:8080/api/ | 4 | 1 | 2.0 | 1.20 | 1.60 | 1.60 | 1.60 | 200: 3, 500: 1 |\n"
            + "| search | POST | http://127.0.0.1:8080/api/search?q=x | 2 | 0 | 1.0 | 0.50 | 0.70 | 0.70 | 0.70 | 200: 2 |\n"
            + "| zeta |  |  | 1 | 0 | 0.5 | 0.30 | 0.30 | 0.30 | 0.30 | 200: 1 |\n");
    }

    [Fact]
    public void The_slices_and_failures_tables_hold_the_known_rows()
    {
        var markdown = KnownMarkdown();

        markdown.ShouldContain("| Slice | Status | Attempt | Requests | Error |\n| ---: | --- | ---: | ---: | --- |\n| 0 | completed | 1 | 5 |  |\n| 1 | completed | 2 | 2 |  |\n");
        markdown.ShouldContain("## Top failures\n\n| Category | Count | Samples |\n| --- | ---: | --- |\n| status | 1 | HTTP 500 Internal Server Error |\n");
    }

    [Fact]
    public void Sections_appear_in_a_fixed_order()
    {
        var markdown = KnownMarkdown();

        var order = new[] { "## Summary", "## Thresholds", "## Requests", "## Slices", "## Top failures" }
            .Select(heading => markdown.IndexOf(heading, StringComparison.Ordinal))
            .ToList();

        order.ShouldAllBe(i => i > 0);
        order.ShouldBeInOrder();
    }

    [Fact]
    public void Pipes_and_line_breaks_in_names_cannot_break_a_table()
    {
        var rows = new[] { Row(0, 0, ("a|b\nc", Ok(1000))) };
        var facts = Facts(Plan(), new SliceFacts(0, SliceStatus.Failed, 1, 1, 0, "exit | code 1"));

        var markdown = ReportMarkdown.Render(ReportBuilder.Build(facts, rows));

        markdown.ShouldContain("| a\\|b c |  |  | 1 |");
        markdown.ShouldContain("| 0 | failed | 1 | 1 | exit \\| code 1 |");
    }

    [Fact]
    public void Errors_are_listed_and_empty_sections_are_left_out()
    {
        var facts = Facts(Plan(), Completed(0)) with { StatusHint = RunStatus.Cancelled, Errors = ["slice 1 poisoned"] };

        var markdown = ReportMarkdown.Render(ReportBuilder.Build(facts, []));

        markdown.ShouldStartWith("**Verdict: CANCELLED**\n");
        markdown.ShouldContain("## Errors\n\n- slice 1 poisoned\n");
        markdown.ShouldNotContain("## Thresholds");
        markdown.ShouldNotContain("## Top failures");
    }
}
