using System.Globalization;
using System.Xml.Linq;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Reports.Charts;

namespace ServerlessLoad.Reports;

/// <summary>
/// junit.xml for CI systems: one test suite named <c>serverlessload.{plan}</c> with a test case per threshold (its
/// expression as the name, a failure when it was not met) and, when the run errored or was cancelled, a test case
/// <c>run</c> with an error, so a broken run never reads as green.
/// </summary>
public static class JUnitReport
{
    public const string RunTestName = "run";

    public static string Render(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);

        var planName = Clean(report.Plan.Name);
        var runError = RunError(report);
        var tests = report.Thresholds.Count + (runError is null ? 0 : 1);
        var failures = report.Thresholds.Count(t => !t.Passed);
        var errors = runError is null ? 0 : 1;
        var time = Seconds(report.DurationSeconds);

        var suite = new XElement(
            "testsuite",
            new XAttribute("name", "serverlessload." + planName),
            new XAttribute("tests", Count(tests)),
            new XAttribute("failures", Count(failures)),
            new XAttribute("errors", Count(errors)),
            new XAttribute("skipped", "0"),
            new XAttribute("time", time),
            new XAttribute("timestamp", report.StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)),
            new XElement(
                "properties",
                Property("runId", report.RunId),
                Property("verdict", report.Verdict),
                Property("trigger", report.Trigger ?? ""),
                Property("requests", Count(report.Totals.Requests)),
                Property("failedRequests", Count(report.Totals.Failures))));

        foreach (var threshold in report.Thresholds)
        {
            var testCase = TestCase(planName, Clean(threshold.Source), "0");
            if (!threshold.Passed)
            {
                testCase.Add(new XElement(
                    "failure",
                    new XAttribute("message", "actual " + Clean(threshold.ActualText)),
                    new XAttribute("type", "threshold"),
                    Clean(threshold.Message)));
            }

            suite.Add(testCase);
        }

        if (runError is { } error)
        {
            var testCase = TestCase(planName, RunTestName, time);
            testCase.Add(new XElement(
                "error",
                new XAttribute("message", Clean(error.Message)),
                new XAttribute("type", Clean(error.Type)),
                Clean(error.Detail)));
            suite.Add(testCase);
        }

        var root = new XElement(
            "testsuites",
            new XAttribute("name", "serverlessload"),
            new XAttribute("tests", Count(tests)),
            new XAttribute("failures", Count(failures)),
            new XAttribute("errors", Count(errors)),
            new XAttribute("time", time),
            suite);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + root.ToString().ReplaceLineEndings("\n") + "\n";
    }

    /// <summary>Why the run as a whole did not produce a trustworthy result; null when it completed.</summary>
    private static (string Type, string Message, string Detail)? RunError(RunReport report)
    {
        if (string.Equals(report.Verdict, RunStatus.Cancelled, StringComparison.OrdinalIgnoreCase))
        {
            return ("cancelled", "run was cancelled", Lines(report));
        }

        if (!string.Equals(report.Verdict, RunStatus.Errored, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var firstReason = (report.Errors.Count > 0 ? report.Errors[0] : null)
            ?? report.Slices.Where(s => s.Status != SliceStatus.Completed).Select(SliceLine).FirstOrDefault();
        return ("errored", firstReason is null ? "run errored" : "run errored: " + firstReason, Lines(report));
    }

    private static string Lines(RunReport report) => string.Join(
        "\n",
        report.Errors.Concat(report.Slices.Where(s => s.Status != SliceStatus.Completed).Select(SliceLine)));

    private static string SliceLine(SliceReport slice)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"slice {slice.Index} {slice.Status} (attempt {slice.Attempt})");
        return slice.Error is null ? line : line + ": " + slice.Error;
    }

    private static XElement TestCase(string className, string name, string time) =>
        new("testcase", new XAttribute("classname", className), new XAttribute("name", name), new XAttribute("time", time));

    private static XElement Property(string name, string value) =>
        new("property", new XAttribute("name", name), new XAttribute("value", Clean(value)));

    /// <summary>XML 1.0 cannot carry control characters even escaped; they are replaced.</summary>
    private static string Clean(string text) => Xml.Sanitize(text);

    private static string Seconds(double seconds) => seconds.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);
}
