using static ServerlessLoad.Reports.Tests.Baseline.BaselineReports;

namespace ServerlessLoad.Reports.Tests.Baseline;

public class BaselineComparerTests
{
    private static readonly Figures Base = new();

    private static BaselineRow Total(BaselineComparison comparison, BaselineMetric metric) =>
        comparison.Rows.Single(r => r.Name == BaselineComparer.TotalName && r.Metric == metric);

    private static BaselineComparison CompareTotals(Figures current, Figures baseline, BaselineOptions? options = null) =>
        BaselineComparer.Compare(Run("run-2", current), Run("run-1", baseline), options ?? BaselineOptions.Default);

    [Fact]
    public void Default_options_allow_ten_percent_at_alpha_five_percent_without_gating()
    {
        BaselineOptions.Default.Tolerance.ShouldBe(0.10);
        BaselineOptions.Default.Alpha.ShouldBe(0.05);
        BaselineOptions.Default.Gate.ShouldBeFalse();
    }

    [Fact]
    public void Latency_up_by_more_than_the_tolerance_is_a_regression()
    {
        var row = Total(CompareTotals(Base with { P95 = 22.2 }, Base), BaselineMetric.LatencyP95);

        row.Baseline.ShouldBe(20);
        row.Current.ShouldBe(22.2);
        row.Delta.ShouldBe(2.2, 1e-9);
        row.DeltaPercent!.Value.ShouldBe(11, 1e-9);
        row.Change.ShouldBe(BaselineChange.Worse);
        row.Regressed.ShouldBeTrue();
    }

    [Theory]
    [InlineData(100, 110, false)]
    [InlineData(100, 110.1, true)]
    [InlineData(1.1, 1.21, false)]
    [InlineData(100, 50, false)]
    public void Latency_exactly_at_the_tolerance_or_lower_is_not_a_regression(double before, double after, bool regressed)
    {
        Total(CompareTotals(Base with { P99 = after }, Base with { P99 = before }), BaselineMetric.LatencyP99)
            .Regressed.ShouldBe(regressed);
    }

    [Fact]
    public void Rps_down_by_more_than_the_tolerance_is_a_regression_and_up_is_better()
    {
        var down = Total(CompareTotals(Base with { Rps = 85 }, Base), BaselineMetric.Rps);
        var up = Total(CompareTotals(Base with { Rps = 150 }, Base), BaselineMetric.Rps);

        down.Regressed.ShouldBeTrue();
        down.Change.ShouldBe(BaselineChange.Worse);
        down.DeltaPercent!.Value.ShouldBe(-15, 1e-9);
        up.Regressed.ShouldBeFalse();
        up.Change.ShouldBe(BaselineChange.Better);
    }

    [Theory]
    [InlineData(0.00001, 0.00002, false)] // +100% relative but only 0.001 pp
    [InlineData(0.0005, 0.0014, false)] // +180% relative but 0.09 pp
    [InlineData(0.0005, 0.0015, true)] // +200% and exactly 0.1 pp
    [InlineData(0.05, 0.0525, false)] // 0.25 pp but only +5%
    [InlineData(0.01, 0.02, true)]
    [InlineData(0, 0.002, true)]
    [InlineData(0.02, 0.01, false)]
    public void A_failure_rate_regresses_only_beyond_the_tolerance_and_by_a_tenth_of_a_point(double before, double after, bool regressed)
    {
        Total(CompareTotals(Base with { FailureRate = after }, Base with { FailureRate = before }), BaselineMetric.FailureRate)
            .Regressed.ShouldBe(regressed);
    }

    [Fact]
    public void A_zero_baseline_has_no_percentage_change()
    {
        var comparison = CompareTotals(Base with { P50 = 5, FailureRate = 0.003 }, Base with { P50 = 0, FailureRate = 0 });

        var latency = Total(comparison, BaselineMetric.LatencyP50);
        latency.DeltaPercent.ShouldBeNull();
        latency.Delta.ShouldBe(5);
        latency.Change.ShouldBe(BaselineChange.Worse);
        latency.Regressed.ShouldBeFalse();
        var failures = Total(comparison, BaselineMetric.FailureRate);
        failures.DeltaPercent.ShouldBeNull();
        failures.Regressed.ShouldBeTrue();
    }

    [Fact]
    public void Rows_cover_the_totals_first_then_the_requests_both_runs_hold_and_list_the_others()
    {
        var current = Run("run-2", Base, Request("search", Base), Request("home", Base), Request("cart", Base));
        var baseline = Run("run-1", Base, Request("home", Base), Request("login", Base), Request("search", Base));

        var comparison = BaselineComparer.Compare(current, baseline, BaselineOptions.Default);

        comparison.BaselineRunId.ShouldBe("run-1");
        comparison.Rows.Select(r => r.Name).Distinct().ShouldBe(["total", "search", "home"]);
        comparison.Rows.Where(r => r.Name == "home").Select(r => r.Metric).ShouldBe(
            [BaselineMetric.LatencyP50, BaselineMetric.LatencyP95, BaselineMetric.LatencyP99, BaselineMetric.Rps, BaselineMetric.FailureRate]);
        comparison.Added.ShouldBe(["cart"]);
        comparison.Removed.ShouldBe(["login"]);
    }

    [Fact]
    public void Identical_runs_have_no_regression_and_p_values_of_1()
    {
        var seconds = Noisy(seed: 1, count: 30, rps: 100, p95Ms: 20);
        var run = Run("run-1", Base, Request("home", Base)).WithSeconds(seconds);

        var comparison = BaselineComparer.Compare(run with { RunId = "run-2" }, run, BaselineOptions.Default);

        comparison.HasRegression.ShouldBeFalse();
        comparison.Rows.ShouldAllBe(r => r.Change == BaselineChange.Unchanged && r.Delta == 0 && r.DeltaPercent == 0);
        comparison.Rows.Where(r => r.Name == "total").ShouldAllBe(r => r.PValue == 1);
        comparison.Summary.ShouldBe("No regression beyond the 10% tolerance against baseline run-1.");
    }

    [Fact]
    public void A_latency_regression_whose_seconds_shifted_is_significant()
    {
        var baseline = Run("run-1", Base).WithSeconds(Noisy(seed: 1, count: 30, rps: 100, p95Ms: 20));
        var current = Run("run-2", Base with { P95 = 30 }).WithSeconds(Noisy(seed: 2, count: 30, rps: 100, p95Ms: 30));

        var comparison = BaselineComparer.Compare(current, baseline, BaselineOptions.Default);

        var p95 = Total(comparison, BaselineMetric.LatencyP95);
        p95.Regressed.ShouldBeTrue();
        p95.PValue!.Value.ShouldBeLessThan(0.001);
        p95.Significant.ShouldBeTrue();
        var rps = Total(comparison, BaselineMetric.Rps);
        rps.PValue!.Value.ShouldBeGreaterThan(0.05);
        rps.Significant.ShouldBeFalse();
        comparison.HasSignificantRegression.ShouldBeTrue();
        comparison.FailsGate.ShouldBeFalse();
        comparison.Summary.ShouldBe("1 significant regression against baseline run-1: total latency.p95 +50.0% (p < 0.001).");
    }

    [Fact]
    public void The_gate_fails_only_on_a_significant_regression()
    {
        var baseline = Run("run-1", Base).WithSeconds(Noisy(seed: 1, count: 30, rps: 100, p95Ms: 20));
        var shifted = Run("run-2", Base with { P95 = 30 }).WithSeconds(Noisy(seed: 2, count: 30, rps: 100, p95Ms: 30));
        var gated = BaselineOptions.Default with { Gate = true };

        BaselineComparer.Compare(shifted, baseline, gated).FailsGate.ShouldBeTrue();
        BaselineComparer.Compare(baseline with { RunId = "run-2" }, baseline, gated).FailsGate.ShouldBeFalse();
    }

    [Fact]
    public void A_regression_whose_seconds_did_not_change_is_not_significant()
    {
        var seconds = Noisy(seed: 1, count: 30, rps: 100, p95Ms: 20);
        var baseline = Run("run-1", Base).WithSeconds(seconds);
        var current = Run("run-2", Base with { P99 = 40, Rps = 80 }).WithSeconds(seconds);

        var comparison = BaselineComparer.Compare(current, baseline, BaselineOptions.Default);

        Total(comparison, BaselineMetric.LatencyP99).Regressed.ShouldBeTrue();
        Total(comparison, BaselineMetric.LatencyP99).PValue.ShouldBe(1);
        Total(comparison, BaselineMetric.LatencyP99).Significant.ShouldBeFalse();
        comparison.HasRegression.ShouldBeTrue();
        comparison.HasSignificantRegression.ShouldBeFalse();
        comparison.Summary.ShouldBe(
            "2 regressions beyond the 10% tolerance against baseline run-1, none significant at alpha 0.05: "
            + "total latency.p99 +33.3% (p = 1.000), total rps -20.0% (p = 1.000).");
    }

    [Fact]
    public void Without_per_second_values_there_is_no_p_value_and_nothing_is_significant()
    {
        var baseline = Run("run-1", Base).WithSeconds(Noisy(seed: 1, count: 30, rps: 100, p95Ms: 20));
        var current = Run("run-2", Base with { P95 = 40 });

        var comparison = BaselineComparer.Compare(current, baseline, BaselineOptions.Default);

        comparison.Rows.ShouldAllBe(r => r.PValue == null && !r.Significant);
        Total(comparison, BaselineMetric.LatencyP95).Regressed.ShouldBeTrue();
    }

    [Fact]
    public void Seconds_without_requests_count_for_rps_only()
    {
        var report = Run("run-1", Base).WithSeconds([(0, 0, 0), (10, 25, 1), (20, 30, 0)]);

        var series = BaselineSeries.RunWide(report);

        series.Rps.ShouldBe([0.0, 10, 20]);
        series.P95Ms.ShouldBe([25.0, 30]);
        series.FailureRate.ShouldBe([0.1, 0]);
    }

    [Fact]
    public void Request_rows_get_p_values_from_their_own_seconds_when_a_report_holds_them()
    {
        var current = Run("run-2", Base, Request("home", Base with { P95 = 30 }));
        var baseline = Run("run-1", Base, Request("home", Base));
        var slow = new BaselineSeries(Enumerable.Range(0, 20).Select(i => 30.0 + i % 3).ToList(), [100, 100], []);
        var fast = new BaselineSeries(Enumerable.Range(0, 20).Select(i => 20.0 + i % 3).ToList(), [100, 100], []);

        var comparison = BaselineComparer.Compare(
            current,
            baseline,
            BaselineOptions.Default,
            (report, name) => name == "home" ? (report.RunId == "run-2" ? slow : fast) : null);

        var home = comparison.Rows.Single(r => r.Name == "home" && r.Metric == BaselineMetric.LatencyP95);
        home.PValue!.Value.ShouldBeLessThan(0.001);
        home.Significant.ShouldBeTrue();
        comparison.Rows.Single(r => r.Name == "home" && r.Metric == BaselineMetric.Rps).PValue.ShouldBe(1);
        comparison.Rows.Single(r => r.Name == "home" && r.Metric == BaselineMetric.FailureRate).PValue.ShouldBeNull();
    }

    [Fact]
    public void Request_rows_have_no_p_value_without_per_request_seconds()
    {
        var seconds = Noisy(seed: 1, count: 30, rps: 100, p95Ms: 20);
        var current = Run("run-2", Base, Request("home", Base with { P95 = 30 })).WithSeconds(seconds);
        var baseline = Run("run-1", Base, Request("home", Base)).WithSeconds(seconds);

        var home = BaselineComparer.Compare(current, baseline, BaselineOptions.Default)
            .Rows.Single(r => r.Name == "home" && r.Metric == BaselineMetric.LatencyP95);

        home.Regressed.ShouldBeTrue();
        home.PValue.ShouldBeNull();
        home.Significant.ShouldBeFalse();
    }

    [Fact]
    public void A_looser_tolerance_or_stricter_alpha_changes_the_flags()
    {
        var baseline = Run("run-1", Base).WithSeconds(Noisy(seed: 1, count: 30, rps: 100, p95Ms: 20));
        var current = Run("run-2", Base with { P95 = 30 }).WithSeconds(Noisy(seed: 2, count: 30, rps: 100, p95Ms: 30));

        Total(BaselineComparer.Compare(current, baseline, new BaselineOptions { Tolerance = 0.6 }), BaselineMetric.LatencyP95)
            .Regressed.ShouldBeFalse();
        Total(BaselineComparer.Compare(current, baseline, new BaselineOptions { Alpha = 1e-30 }), BaselineMetric.LatencyP95)
            .Significant.ShouldBeFalse();
    }

    [Theory]
    [InlineData(-0.1, 0.05)]
    [InlineData(double.NaN, 0.05)]
    [InlineData(0.1, 0)]
    [InlineData(0.1, 1)]
    public void Invalid_options_are_rejected(double tolerance, double alpha)
    {
        var run = Run("run-1", Base);

        Should.Throw<ArgumentOutOfRangeException>(() =>
            BaselineComparer.Compare(run, run, new BaselineOptions { Tolerance = tolerance, Alpha = alpha }));
    }

    [Fact]
    public void A_baseline_read_back_from_report_json_compares_like_the_original()
    {
        var baseline = Run("run-1", Base, Request("home", Base)).WithSeconds(Noisy(seed: 1, count: 30, rps: 100, p95Ms: 20));
        var current = Run("run-2", Base with { P95 = 30 }, Request("home", Base)).WithSeconds(Noisy(seed: 2, count: 30, rps: 100, p95Ms: 30));

        var direct = BaselineComparer.Compare(current, baseline, BaselineOptions.Default);
        var reread = BaselineComparer.Compare(current, ReportJson.Parse(ReportJson.Render(baseline)), BaselineOptions.Default);

        reread.Rows.ShouldBe(direct.Rows);
        reread.Summary.ShouldBe(direct.Summary);
    }
}
