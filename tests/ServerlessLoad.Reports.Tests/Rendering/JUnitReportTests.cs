using System.Xml.Linq;
using ServerlessLoad.Core.Runs;
using static ServerlessLoad.Reports.Tests.TestData;

namespace ServerlessLoad.Reports.Tests.Rendering;

public class JUnitReportTests
{
    private static RunReport Known(Func<RunFacts, RunFacts>? change = null)
    {
        var (facts, rows) = KnownRun("failures.rate < 20%", "latency.p95 < 1ms");
        return ReportBuilder.Build(change is null ? facts : change(facts), rows);
    }

    private static XElement Suite(RunReport report) => XDocument.Parse(JUnitReport.Render(report)).Root!.Element("testsuite")!;

    private static string Attr(XElement element, string name) => element.Attribute(name)!.Value;

    [Fact]
    public void One_suite_is_named_after_the_plan_and_counts_tests_failures_and_errors()
    {
        var suite = Suite(Known());

        Attr(suite, "name").ShouldBe("serverlessload.checkout");
        Attr(suite, "tests").ShouldBe("2");
        Attr(suite, "failures").ShouldBe("1");
        Attr(suite, "errors").ShouldBe("0");
        Attr(suite, "time").ShouldBe("2.500");
        Attr(suite, "timestamp").ShouldBe("2026-01-02T03:04:05");
    }

    [Fact]
    public void Each_threshold_is_a_test_case_that_fails_with_the_actual_value()
    {
        var cases = Suite(Known()).Elements("testcase").ToList();

        cases.Select(c => Attr(c, "name")).ShouldBe(["failures.rate < 20%", "latency.p95 < 1ms"]);
        cases.ShouldAllBe(c => c.Attribute("classname")!.Value == "checkout");
        cases[0].Elements().ShouldBeEmpty();
        var failure = cases[1].Element("failure")!;
        Attr(failure, "message").ShouldBe("actual 1.60 ms");
        failure.Value.ShouldBe("1.60 ms does not meet < 1.00 ms");
    }

    [Fact]
    public void An_errored_run_adds_a_run_test_case_with_the_error()
    {
        var suite = Suite(Known(f => f with { Errors = ["message poisoned after 5 attempts"] }));

        Attr(suite, "tests").ShouldBe("3");
        Attr(suite, "errors").ShouldBe("1");
        var run = suite.Elements("testcase").Single(c => Attr(c, "name") == JUnitReport.RunTestName);
        var error = run.Element("error")!;
        Attr(error, "message").ShouldBe("run errored: message poisoned after 5 attempts");
        Attr(error, "type").ShouldBe("errored");
    }

    [Fact]
    public void A_slice_that_did_not_complete_is_named_in_the_error()
    {
        var suite = Suite(Known(f => f with { Slices = [Completed(0, 5), new SliceFacts(1, SliceStatus.Failed, 3, 2, 0, "target refused connections")] }));

        var error = suite.Elements("testcase").Single(c => Attr(c, "name") == "run").Element("error")!;
        Attr(error, "message").ShouldBe("run errored: slice 1 failed (attempt 3): target refused connections");
    }

    [Fact]
    public void A_cancelled_run_is_an_error_too_so_it_never_reads_as_green()
    {
        var suite = Suite(Known(f => f with { StatusHint = RunStatus.Cancelled }));

        Attr(suite, "errors").ShouldBe("1");
        Attr(suite.Elements("testcase").Single(c => Attr(c, "name") == "run").Element("error")!, "type").ShouldBe("cancelled");
    }

    [Fact]
    public void A_passing_run_has_only_passing_test_cases()
    {
        var (facts, rows) = KnownRun("failures.rate < 20%");

        var suite = Suite(ReportBuilder.Build(facts, rows));

        Attr(suite, "tests").ShouldBe("1");
        Attr(suite, "failures").ShouldBe("0");
        Attr(suite, "errors").ShouldBe("0");
        suite.Descendants("failure").ShouldBeEmpty();
    }

    [Fact]
    public void Names_with_markup_or_control_characters_still_give_valid_xml()
    {
        var report = Known() with { Plan = new PlanInfo("a<b>&\"c\u0001", 2, 60) };

        var suite = Suite(report);

        Attr(suite, "name").ShouldBe("serverlessload.a<b>&\"c\ufffd");
    }

    [Fact]
    public void The_document_starts_with_a_utf8_declaration_and_a_testsuites_root()
    {
        var xml = JUnitReport.Render(Known());

        xml.ShouldStartWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"serverlessload\" tests=\"2\" failures=\"1\" errors=\"0\"");
    }
}
