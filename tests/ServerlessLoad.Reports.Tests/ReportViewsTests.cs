using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Reports.Tests;

public class ReportViewsTests
{
    private static readonly RunReport Full = FullRunData.Report();

    [Fact]
    public void Step_and_websocket_keys_follow_the_plan_order_with_their_kind_and_scenario()
    {
        Full.Requests.Select(r => (r.Name, r.Kind, r.Scenario)).ShouldBe(
        [
            ("home", MetricKinds.Http, "browse"),
            ("login", MetricKinds.Http, "chat"),
            ("chat.connect", MetricKinds.WebSocketConnect, "chat"),
            ("chat.roundtrip", MetricKinds.WebSocketRoundTrip, "chat"),
        ]);
        Full.Requests[1].Method.ShouldBe("POST");
        Full.Requests[1].Url.ShouldBe("http://127.0.0.1:8080/api/login");
        Full.Requests[2].Method.ShouldBeNull();
        Full.Requests[2].Url.ShouldBe("ws://127.0.0.1:8080/api/ws");
    }

    [Fact]
    public void Keys_the_plan_does_not_know_get_their_kind_from_the_websocket_suffixes()
    {
        var rows = new[] { TestData.Row(0, 0, ("feed.connect", TestData.Ok(1000)), ("feed.roundtrip", TestData.Ok(500)), ("other", TestData.Ok(700))) };

        var report = ReportBuilder.Build(TestData.Facts(TestData.Plan(), TestData.Completed(0)), rows);

        report.Requests.Where(r => r.Scenario is null).Select(r => (r.Name, r.Kind)).ShouldBe(
        [
            ("feed.connect", MetricKinds.WebSocketConnect),
            ("feed.roundtrip", MetricKinds.WebSocketRoundTrip),
            ("other", MetricKinds.Http),
        ]);
        report.Kinds.Select(k => (k.Kind, k.Requests)).ShouldBe(
        [
            (MetricKinds.Http, 1L),
            (MetricKinds.WebSocketConnect, 1L),
            (MetricKinds.WebSocketRoundTrip, 1L),
        ]);
    }

    [Fact]
    public void Service_time_time_to_first_byte_connect_time_and_checks_are_reported_where_recorded()
    {
        var home = Full.Requests[0];
        home.ServiceTimeMs!.P50.ShouldBe(1.1);
        home.ServiceTimeMs.Max.ShouldBe(1.3);
        home.TtfbMs!.P95.ShouldBe(0.7);
        home.ConnectMs!.Max.ShouldBe(0.25);
        home.ChecksRate.ShouldBeNull();

        var login = Full.Requests[1];
        login.Checks.ShouldBe(6);
        login.ChecksFailed.ShouldBe(1);
        login.ChecksRate.ShouldBe(0.833333);

        var connect = Full.Requests[2];
        connect.TtfbMs.ShouldBeNull();
        connect.ServiceTimeMs.ShouldBeNull();

        Full.Totals.Checks.ShouldBe(6);
        Full.Totals.ChecksRate.ShouldBe(0.833333);
        Full.Totals.TtfbMs!.Max.ShouldBe(0.7);
        Full.Totals.ServiceTimeMs!.Min.ShouldBe(0.5);
    }

    [Fact]
    public void Scenarios_merge_their_keys_and_count_iterations_planned_and_dropped_arrivals()
    {
        Full.Scenarios.Select(s => (s.Name, s.Executor, s.Requests, s.Iterations, s.PlannedArrivals, s.DroppedArrivals)).ShouldBe(
        [
            ("browse", Executors.ConstantVus, 3L, 3L, (long?)null, 0L),
            ("chat", Executors.ConstantArrivalRate, 8L, 3L, 30L, 3L),
        ]);
        Full.Scenarios[1].Metrics.ShouldBe(["login", "chat.connect", "chat.roundtrip"]);
        Full.Scenarios[1].LatencyMs.P50.ShouldBe(0.6);
        Full.Scenarios[1].LatencyMs.Max.ShouldBe(1.7);
        Full.Scenarios[1].ChecksRate.ShouldBe(0.833333);
        Full.Scenarios[0].Rps.ShouldBe(1.5);
    }

    [Fact]
    public void Kinds_split_http_from_websocket_connects_and_round_trips()
    {
        Full.Kinds.Select(k => (k.Kind, k.Requests, k.LatencyMs.P50, k.LatencyMs.Max)).ShouldBe(
        [
            (MetricKinds.Http, 6L, 0.9, 1.4),
            (MetricKinds.WebSocketConnect, 2L, 1.5, 1.7),
            (MetricKinds.WebSocketRoundTrip, 3L, 0.4, 0.5),
        ]);
        Full.Kinds.Sum(k => k.Requests).ShouldBe(Full.Totals.Requests);
    }

    [Fact]
    public void Each_second_carries_the_planned_and_achieved_load_and_the_dropped_arrivals()
    {
        Full.PerSecond.Select(s => (s.Second, s.PlannedVus, s.ActiveVus, s.PlannedArrivals, s.AchievedArrivals, s.DroppedArrivals)).ShouldBe(
        [
            (0L, (int?)4, 5, (long?)0, (long?)1, 1L),
            (1L, (int?)4, 5, (long?)3, (long?)2, 2L),
        ]);
        Full.Totals.DroppedArrivals.ShouldBe(3);
    }

    [Fact]
    public void A_plan_without_arrival_rate_scenarios_plans_no_arrivals()
    {
        var (facts, rows) = TestData.KnownRun();

        var report = ReportBuilder.Build(facts, rows);

        report.PerSecond.ShouldAllBe(s => s.PlannedArrivals == null && s.AchievedArrivals == null && s.PlannedVus == 10);
        report.Scenarios.Single().PlannedArrivals.ShouldBeNull();
        report.Kinds.Select(k => k.Kind).ShouldBe([MetricKinds.Http]);
    }

    [Fact]
    public void Each_slice_reports_its_generator_health_with_a_saturation_flag()
    {
        var first = Full.Slices[0].Health!;
        first.ShouldBe(new SliceHealthReport(
            Seconds: 2,
            SaturatedSeconds: 2,
            Saturated: true,
            CpuPercentMax: 95,
            CpuPercentMean: 67.5,
            LagP99MsMax: 60,
            LagMaxMs: 120,
            WorkingSetBytesMax: 100L * 1024 * 1024,
            GcHeapBytesMax: 20L * 1024 * 1024,
            GcPauseMs: 1,
            InFlightMax: 3));
        Full.Slices[1].Health!.Saturated.ShouldBeFalse();
        Full.Slices[1].Health!.SaturatedSeconds.ShouldBe(0);
        Full.Slices.Select(s => s.DroppedArrivals).ShouldBe([1L, 2L]);
    }

    [Fact]
    public void Rows_without_health_readings_give_no_health()
    {
        var (facts, rows) = TestData.KnownRun();

        ReportBuilder.Build(facts, rows).Slices.ShouldAllBe(s => s.Health == null);
    }

    [Fact]
    public void A_repeated_row_of_a_later_attempt_replaces_the_earlier_one_for_health_and_drops_too()
    {
        var (facts, rows) = FullRunData.Run();
        var retried = rows[0] with { Attempt = 2, Health = FullRunData.Health(cpu: 10), DroppedArrivals = new Dictionary<string, long>() };

        var report = ReportBuilder.Build(facts, [.. rows, retried]);

        report.Slices[0].Health!.CpuPercentMax.ShouldBe(40);
        report.Slices[0].DroppedArrivals.ShouldBe(0);
        report.Totals.DroppedArrivals.ShouldBe(2);
    }
}
