using System.Text.Json;
using ServerlessLoad.Reports.Charts;
using ServerlessLoad.Reports.Tests.Charts;
using static ServerlessLoad.Reports.Tests.TestData;

namespace ServerlessLoad.Reports.Tests.Rendering;

/// <summary>Scenarios, kinds, websockets, TTFB, service time, checks, arrivals and health in report.json, .md, .html and the charts.</summary>
public class MeasuresRenderingTests
{
    private static readonly RunReport Full = FullRunData.Report();

    private static RunReport Known()
    {
        var (facts, rows) = KnownRun();
        return ReportBuilder.Build(facts, rows);
    }

    [Fact]
    public void Report_json_carries_the_new_measures_under_its_minor_version()
    {
        using var document = JsonDocument.Parse(ReportJson.Render(Full));
        var root = document.RootElement;

        root.GetProperty("schemaMinorVersion").GetInt32().ShouldBe(3);
        root.GetProperty("totals").GetProperty("ttfbMs").GetProperty("p95").GetDouble().ShouldBe(0.7);
        root.GetProperty("totals").GetProperty("checksRate").GetDouble().ShouldBe(0.833333);
        root.GetProperty("totals").GetProperty("droppedArrivals").GetInt64().ShouldBe(3);
        root.GetProperty("requests")[2].GetProperty("kind").GetString().ShouldBe("websocket.connect");
        root.GetProperty("requests")[2].GetProperty("scenario").GetString().ShouldBe("chat");
        root.GetProperty("scenarios")[1].GetProperty("plannedArrivals").GetInt64().ShouldBe(30);
        root.GetProperty("scenarios")[1].GetProperty("iterations").GetInt64().ShouldBe(3);
        root.GetProperty("kinds").EnumerateArray().Select(k => k.GetProperty("kind").GetString()).ShouldBe(["http", "websocket.connect", "websocket.roundtrip"]);
        root.GetProperty("perSecond")[1].GetProperty("plannedArrivals").GetInt64().ShouldBe(3);
        root.GetProperty("perSecond")[1].GetProperty("achievedArrivals").GetInt64().ShouldBe(2);
        root.GetProperty("perSecond")[1].GetProperty("plannedVus").GetInt32().ShouldBe(4);
        root.GetProperty("slices")[0].GetProperty("health").GetProperty("saturated").GetBoolean().ShouldBeTrue();
        root.GetProperty("slices")[0].GetProperty("health").GetProperty("cpuPercentMax").GetDouble().ShouldBe(95);
    }

    [Fact]
    public void Report_json_leaves_out_measures_nothing_recorded()
    {
        using var document = JsonDocument.Parse(ReportJson.Render(Known()));
        var root = document.RootElement;

        root.GetProperty("totals").TryGetProperty("ttfbMs", out _).ShouldBeFalse();
        root.GetProperty("totals").TryGetProperty("checksRate", out _).ShouldBeFalse();
        root.GetProperty("slices")[0].TryGetProperty("health", out _).ShouldBeFalse();
        root.GetProperty("perSecond")[0].TryGetProperty("plannedArrivals", out _).ShouldBeFalse();
    }

    [Fact]
    public void Parse_reads_back_the_new_measures()
    {
        var parsed = ReportJson.Parse(ReportJson.Render(Full));

        parsed.Scenarios.Select(s => s.Name).ShouldBe(["browse", "chat"]);
        parsed.Kinds.Count.ShouldBe(3);
        parsed.Slices[0].Health.ShouldBe(Full.Slices[0].Health);
        parsed.PerSecond[1].PlannedArrivals.ShouldBe(3);
        parsed.Requests[1].ChecksRate.ShouldBe(0.833333);
    }

    [Fact]
    public void A_report_of_minor_version_0_still_parses_with_empty_views()
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(ReportJson.Render(Known()))!.AsObject();
        node.Remove("schemaMinorVersion");
        node.Remove("scenarios");
        node.Remove("kinds");
        foreach (var request in node["requests"]!.AsArray())
        {
            request!.AsObject().Remove("kind");
            request.AsObject().Remove("scenario");
        }

        var parsed = ReportJson.Parse(node.ToJsonString());

        parsed.Scenarios.ShouldBeEmpty();
        parsed.Kinds.ShouldBeEmpty();
        parsed.Requests.ShouldAllBe(r => r.Kind == "http" && r.Scenario == null);
        ReportMarkdown.Render(parsed).ShouldContain("## Requests");
    }

    [Fact]
    public void Markdown_summary_adds_ttfb_service_time_checks_and_arrivals()
    {
        var markdown = ReportMarkdown.Render(Full);

        markdown.ShouldContain("| Measured seconds | 2 |\n| p95 time to first byte (ms) | 0.70 |\n| p95 service time (ms) | 1.30 |\n"
            + "| Checks passed | 83.33% of 6 |\n| Planned arrivals | 30 |\n| Dropped arrivals | 3 |\n| Bytes sent | 1100 |\n| Bytes received | 11000 |\n");
    }

    [Fact]
    public void Markdown_lists_http_requests_with_ttfb_service_time_and_checks_and_websockets_apart()
    {
        var markdown = ReportMarkdown.Render(Full);

        markdown.ShouldContain("| Request | Method | URL | Requests | Failures | Requests/s | p50 ms | p95 ms | p99 ms | Max ms | TTFB p95 ms | Service p95 ms | Checks passed | Status codes |\n");
        markdown.ShouldContain("| home | GET | http://127.0.0.1:8080/api/ | 3 | 0 | 1.5 | 1.20 | 1.40 | 1.40 | 1.40 | 0.70 | 1.30 |  | 200: 3 |\n"
            + "| login | POST | http://127.0.0.1:8080/api/login | 3 | 0 | 1.5 | 0.70 | 0.90 | 0.90 | 0.90 | 0.45 | 0.80 | 83.33% of 6 | 200: 3 |\n\n");
        markdown.ShouldContain("## WebSockets\n\n| Measure | Kind | URL | Count | Failures | p50 ms | p95 ms | p99 ms | Max ms |\n| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n"
            + "| chat.connect | websocket.connect | ws://127.0.0.1:8080/api/ws | 2 | 0 | 1.50 | 1.70 | 1.70 | 1.70 |\n"
            + "| chat.roundtrip | websocket.roundtrip | ws://127.0.0.1:8080/api/ws | 3 | 0 | 0.40 | 0.50 | 0.50 | 0.50 |\n");
    }

    [Fact]
    public void Markdown_shows_scenarios_with_planned_and_dropped_arrivals_and_kinds()
    {
        var markdown = ReportMarkdown.Render(Full);

        markdown.ShouldContain("| browse | constant-vus | 3 | 3 | 0 | 1.5 | 1.40 |  |  |  |\n"
            + "| chat | constant-arrival-rate | 3 | 8 | 0 | 4.0 | 1.70 | 83.33% of 6 | 30 | 3 |\n");
        markdown.ShouldContain("## By kind\n\n");
        markdown.ShouldContain("| http | 6 | 0 | 0.00% | 3.0 | 0.90 | 1.40 | 1.40 | 1.40 |\n| websocket.connect | 2 | 0 | 0.00% | 1.0 | 1.50 | 1.70 | 1.70 | 1.70 |\n");
    }

    [Fact]
    public void Markdown_shows_generator_health_per_slice_and_explains_a_saturated_one()
    {
        var markdown = ReportMarkdown.Render(Full);

        markdown.ShouldContain("| 0 | 2 | 95.0 | 67.5 | 60.00 | 120.00 | 100.0 | 1.00 | 3 | 1 | SATURATED (2 of 2 s) |\n"
            + "| 1 | 2 | 30.0 | 25.0 | 1.00 | 2.00 | 100.0 | 1.00 | 3 | 2 | no |\n");
        markdown.ShouldContain("measures its own delays");
    }

    [Fact]
    public void Markdown_sections_come_in_reading_order()
    {
        var markdown = ReportMarkdown.Render(Full);

        var order = new[] { "## Summary", "## Scenarios", "## By kind", "## Requests", "## WebSockets", "## Slices", "## Generator health" }
            .Select(heading => markdown.IndexOf(heading, StringComparison.Ordinal))
            .ToList();
        order.ShouldAllBe(i => i > 0);
        order.ShouldBeInOrder();
    }

    [Theory]
    [InlineData("## Scenarios")]
    [InlineData("## By kind")]
    [InlineData("## WebSockets")]
    [InlineData("## Generator health")]
    [InlineData("TTFB")]
    [InlineData("Checks passed")]
    [InlineData("Dropped arrivals")]
    public void A_plain_http_run_without_those_measures_gets_no_empty_tables(string absent)
    {
        ReportMarkdown.Render(Known()).ShouldNotContain(absent);
        ReportHtml.Render(Known(), new Dictionary<string, string>()).ShouldNotContain(absent.TrimStart('#', ' '));
    }

    [Fact]
    public void Html_shows_the_new_sections_and_flags_a_saturated_slice()
    {
        var html = ReportHtml.Render(Full, ChartTestData.Svgs(ChartSet.From(Full)));

        var positions = new[] { "<h2>Summary</h2>", "<h2>Scenarios</h2>", "<h2>By kind</h2>", "<h2>Requests</h2>", "<h2>WebSockets</h2>", "<h2>Slices</h2>", "<h2>Generator health</h2>" }
            .Select(marker => html.IndexOf(marker, StringComparison.Ordinal))
            .ToList();
        positions.ShouldAllBe(p => p > 0);
        positions.ShouldBeInOrder(SortDirection.Ascending);
        html.ShouldContain("<span class=\"badge fail\">SATURATED (2 of 2 s)</span>");
        html.ShouldContain("<th class=\"num\">TTFB p95 ms</th>");
        html.ShouldContain("<div class=\"label\">Checks passed</div><div class=\"value\">83.33%</div>");
        html.ShouldContain("<div class=\"label\">Dropped arrivals</div><div class=\"value\">3</div><div class=\"detail\">of 30 planned</div>");
        html.ShouldContain("<td>chat.connect</td><td>websocket.connect</td><td><span class=\"url\">ws://127.0.0.1:8080/api/ws</span></td>");
        html.ShouldContain("data-chart=\"arrivals.svg\"");
        html.ShouldContain("report schema v1.3");
    }

    [Fact]
    public void The_arrivals_chart_plots_planned_achieved_and_dropped_arrivals_per_second()
    {
        var chart = ChartSet.Arrivals(Full)!;

        chart.Series.Select(s => (s.Name, string.Join(",", s.Points.Select(p => p.Y)))).ShouldBe(
        [
            ("Planned", "0,3"),
            ("Achieved", "1,2"),
            ("Dropped", "1,2"),
        ]);
        SvgChart.Of(ChartSet.From(Full).Single(c => c.File == ChartSet.ArrivalsFile).Definition).Texts.ShouldContain("Planned vs achieved arrivals");
    }

    [Fact]
    public void A_plan_without_arrival_rate_scenarios_gets_no_arrivals_chart()
    {
        ChartSet.Arrivals(Known()).ShouldBeNull();
        ChartSet.From(Known()).Select(c => c.File).ShouldNotContain(ChartSet.ArrivalsFile);
    }

    [Fact]
    public void The_virtual_users_chart_adds_the_planned_target()
    {
        var chart = ChartSet.VirtualUsers(Full);

        chart.Series.Select(s => s.Name).ShouldBe(["Active VUs", "Target VUs"]);
        chart.Series[1].Points.Select(p => p.Y).ShouldBe([4.0, 4.0]);
    }
}

public class ReportNoticesTests
{
    [Fact]
    public void A_saturated_generator_and_dropped_arrivals_are_warned_about_under_the_verdict()
    {
        var report = FullRunData.Report();

        ReportNotices.For(report).ShouldBe(
        [
            "The load generator of slice 0 was saturated (CPU above 90 % or timer lag p99 above 50 ms in more than 10 % of the seconds): latencies include the generator's own delays.",
            "3 arrivals (10 % of the planned arrivals) found no free VU and were not started: the target got less load than planned (raise maxVUs or preAllocatedVUs).",
        ]);
        var markdown = ReportMarkdown.Render(report);
        markdown.IndexOf("> **Warning:** The load generator of slice 0", StringComparison.Ordinal).ShouldBeLessThan(markdown.IndexOf("## Summary", StringComparison.Ordinal));
        ReportHtml.Render(report, new Dictionary<string, string>()).ShouldContain("<p class=\"notice\">3 arrivals (10 % of the planned arrivals)");
    }

    [Fact]
    public void A_healthy_run_has_no_warnings()
    {
        var (facts, rows) = TestData.KnownRun();

        ReportNotices.For(ReportBuilder.Build(facts, rows)).ShouldBeEmpty();
    }
}
