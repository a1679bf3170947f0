using ServerlessLoad.Core.Runs;
using static ServerlessLoad.Reports.Tests.TestData;

namespace ServerlessLoad.Reports.Tests.Judging;

public class VerdictTests
{
    private static readonly ThresholdResult Passing = new("rps > 1", true, 2, ThresholdUnits.PerSecond, "");
    private static readonly ThresholdResult Failing = new("rps > 5", false, 2, ThresholdUnits.PerSecond, "");

    // hint, slice statuses (comma-separated), has errors, a threshold failed -> verdict
    [Theory]
    [InlineData(null, "completed,completed", false, false, RunStatus.Passed)]
    [InlineData(RunStatus.Reporting, "completed", false, false, RunStatus.Passed)]
    [InlineData(null, "completed,completed", false, true, RunStatus.Failed)]
    [InlineData(null, "completed,failed", false, false, RunStatus.Errored)]
    [InlineData(null, "completed,lost", false, true, RunStatus.Errored)]
    [InlineData(null, "pending", false, false, RunStatus.Errored)]
    [InlineData(null, "running", false, false, RunStatus.Errored)]
    [InlineData(null, "completed,cancelled", false, false, RunStatus.Errored)]
    [InlineData(null, "completed", true, false, RunStatus.Errored)]
    [InlineData(null, "", false, false, RunStatus.Errored)]
    [InlineData(RunStatus.Errored, "completed", false, false, RunStatus.Errored)]
    [InlineData(RunStatus.Cancelled, "completed,cancelled", true, true, RunStatus.Cancelled)]
    [InlineData(RunStatus.Cancelled, "completed", false, false, RunStatus.Cancelled)]
    public void The_most_severe_reason_decides(string? hint, string sliceStatuses, bool hasErrors, bool thresholdFailed, string expected)
    {
        var slices = sliceStatuses.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select((status, i) => new SliceFacts(i, status, 1, 0, 0))
            .ToArray();
        var facts = Facts(Plan(), slices) with
        {
            StatusHint = hint,
            Errors = hasErrors ? ["message poisoned after 5 attempts"] : [],
        };

        var verdict = Verdict.Decide(facts, thresholdFailed ? [Passing, Failing] : [Passing]);

        verdict.ShouldBe(expected);
    }

    [Fact]
    public void A_run_without_thresholds_that_completed_passes()
    {
        Verdict.Decide(Facts(Plan(), Completed(0)), []).ShouldBe(RunStatus.Passed);
    }

    [Fact]
    public void A_run_whose_plan_is_missing_errored()
    {
        Verdict.Decide(Facts(null, Completed(0)), []).ShouldBe(RunStatus.Errored);
    }
}
