using ServerlessLoad.Reports.Charts;
using ServerlessLoad.Reports.Tests.Charts;
using static ServerlessLoad.Reports.Tests.TestData;

namespace ServerlessLoad.Reports.Tests.Rendering;

public class ReportHtmlTests
{
    private static RunReport Known(Func<RunFacts, RunFacts>? change = null)
    {
        var (facts, rows) = KnownRun("failures.rate < 20%", "latency.p95 < 1ms");
        return ReportBuilder.Build(change is null ? facts : change(facts), rows);
    }

    private static string Html(RunReport report) => ReportHtml.Render(report, ChartTestData.Svgs(ChartSet.From(report)));

    [Fact]
    public void The_verdict_banner_comes_first_then_the_sections_in_reading_order()
    {
        var html = Html(Known());

        var positions = new[] { "class=\"banner verdict-failed\"", "<h2>Summary</h2>", "<h2>Thresholds</h2>", "<h2>Charts</h2>", "<h2>Requests</h2>", "<h2>Slices</h2>", "<h2>Failures</h2>" }
            .Select(marker => html.IndexOf(marker, StringComparison.Ordinal))
            .ToList();
        positions.ShouldAllBe(p => p > 0);
        positions.ShouldBeInOrder(SortDirection.Ascending);
        html.ShouldContain("<div class=\"verdict\">FAILED</div>");
    }

    [Fact]
    public void The_page_is_self_contained_without_scripts_or_external_resources()
    {
        var html = Html(Known());

        html.ShouldStartWith("<!DOCTYPE html>");
        html.ShouldContain("<style>");
        html.ShouldNotContain("<script", Case.Insensitive);
        html.ShouldNotContain("<link", Case.Insensitive);
        html.ShouldNotContain(" src=", Case.Insensitive);
        // Charts clip their plots with url(#id): references inside the page, never to anything outside it.
        System.Text.RegularExpressions.Regex.Matches(html, @"url\((?!#)", System.Text.RegularExpressions.RegexOptions.IgnoreCase).ShouldBeEmpty();
        html.ShouldNotContain("@import", Case.Insensitive);
    }

    [Fact]
    public void The_summary_cards_show_the_run_totals()
    {
        var html = Html(Known());

        html.ShouldContain("<div class=\"label\">Requests</div><div class=\"value\">7</div><div class=\"detail\">3.5 per second</div>");
        html.ShouldContain("<div class=\"card bad\"><div class=\"label\">Failures</div><div class=\"value\">1</div><div class=\"detail\">14.29% of requests</div>");
        html.ShouldContain("<div class=\"label\">p95 latency</div><div class=\"value\">1.60<span class=\"unit\">ms</span></div>");
    }

    [Fact]
    public void Thresholds_show_expression_actual_and_outcome()
    {
        var html = Html(Known());

        html.ShouldContain("<tr><td><code>failures.rate &lt; 20%</code></td><td class=\"num\">14.29%</td><td><span class=\"badge pass\">passed</span></td>");
        html.ShouldContain("<tr><td><code>latency.p95 &lt; 1ms</code></td><td class=\"num\">1.60 ms</td><td><span class=\"badge fail\">failed</span></td><td>1.60 ms does not meet &lt; 1.00 ms</td></tr>");
    }

    [Fact]
    public void Every_chart_is_inlined_as_svg_in_display_order()
    {
        var report = Known();
        var charts = ChartTestData.Svgs(ChartSet.From(report, Core.Histograms.LatencyHistogram.Decode("")));

        var html = ReportHtml.Render(report, charts);

        var positions = ChartSet.DisplayOrder.Where(charts.ContainsKey).Select(name => html.IndexOf($"data-chart=\"{name}\"", StringComparison.Ordinal)).ToList();
        positions.ShouldAllBe(p => p > 0);
        positions.ShouldBeInOrder(SortDirection.Ascending);
        foreach (var svg in charts.Values)
        {
            html.ShouldContain(svg[svg.IndexOf("<svg", StringComparison.Ordinal)..]);
        }

        var ids = System.Text.RegularExpressions.Regex.Matches(html, "id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        ids.ShouldNotBeEmpty();
        ids.ShouldBeUnique();
    }

    [Fact]
    public void An_xml_declaration_in_a_chart_is_dropped_when_inlining()
    {
        var html = ReportHtml.Render(Known(), new Dictionary<string, string> { ["custom.svg"] = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>" });

        html.ShouldContain("<figure class=\"chart\" data-chart=\"custom.svg\">\n<svg xmlns=");
        html.ShouldNotContain("<?xml");
    }

    [Fact]
    public void Requests_slices_and_failures_are_listed()
    {
        var html = Html(Known());

        html.ShouldContain("<tr><td>home</td><td>GET</td><td><span class=\"url\">http://127.0.0.1:8080/api/</span></td><td class=\"num\">4</td><td class=\"num\">1</td><td class=\"num\">25.00%</td>");
        html.ShouldContain("<tr><td class=\"num\">1</td><td><span class=\"badge pass\">completed</span></td><td class=\"num\">2</td>");
        html.ShouldContain("<td>status</td><td class=\"num\">1</td><td><ul class=\"samples\"><li>HTTP 500 Internal Server Error</li></ul></td>");
    }

    [Fact]
    public void Errors_of_an_errored_run_are_listed()
    {
        var html = Html(Known(f => f with { Errors = ["message poisoned after 5 attempts"] }));

        html.ShouldContain("class=\"banner verdict-errored\"");
        html.ShouldContain("<h2>Errors</h2>\n<ul class=\"errors\">\n<li>message poisoned after 5 attempts</li>");
    }

    [Fact]
    public void Everything_from_the_run_is_escaped()
    {
        var report = Known(f => f with { RunId = "run-<1>", Trigger = "<i>cli</i>", Errors = ["<script>alert(1)</script> & more"] })
            with { Plan = new PlanInfo("<b>plan</b> & \"co\"", 2, 60) };

        var html = Html(report);

        html.ShouldNotContain("<script>");
        html.ShouldNotContain("<b>plan");
        html.ShouldNotContain("<i>cli");
        html.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more");
        html.ShouldContain("<h1>Load test report: &lt;b&gt;plan&lt;/b&gt; &amp; &quot;co&quot;</h1>");
    }

    [Fact]
    public void A_run_without_thresholds_or_requests_says_so()
    {
        var html = Html(ChartTestData.Report(0));

        html.ShouldContain("The plan defines no thresholds.");
        html.ShouldContain("No requests were recorded.");
        html.ShouldContain("No request failed.");
    }

    [Fact]
    public void Rendering_is_deterministic()
    {
        Html(Known()).ShouldBe(Html(Known()));
    }

    [Theory]
    [InlineData(2.5, "2.5 s")]
    [InlineData(125, "2 min 05 s")]
    [InlineData(86_400, "24 h 00 min")]
    public void Durations_read_in_the_unit_that_suits_them(double seconds, string text)
    {
        ReportHtml.Duration(seconds).ShouldBe(text);
    }
}
