using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Results;

namespace ServerlessLoad.Reports;

/// <summary>The views derived from the per-key results: per scenario, per kind, per second with the planned load, health.</summary>
public static partial class ReportBuilder
{
    private static List<ScenarioReport> Scenarios(MetricCatalog catalog, MergedResults merged)
    {
        if (catalog.Plan is not { } plan)
        {
            return [];
        }

        var dropped = DroppedPerScenario(merged);
        return plan.Scenarios
            .Select(scenario =>
            {
                var keys = scenario.Metrics.Select(m => m.Name).ToList();
                var stats = Sum(keys, merged.ByRequest);
                var details = Details.Of(stats);
                return new ScenarioReport(
                    scenario.Name,
                    scenario.Executor,
                    stats.Requests,
                    stats.Failures,
                    Rate(stats.Failures, stats.Requests),
                    Round((double)stats.Requests / merged.MeasuredSeconds),
                    stats.BytesSent,
                    stats.BytesReceived,
                    LatencySummary.From(stats.Latency),
                    SortedCounts(stats.StatusCodes))
                {
                    Metrics = keys,
                    Iterations = catalog.IterationKeysOf(scenario).Sum(k => merged.ByRequest.GetValueOrDefault(k)?.Requests ?? 0),
                    PlannedArrivals = scenario.IsArrivalRate ? Core.Slicing.ArrivalSchedule.Count(scenario) : null,
                    DroppedArrivals = dropped.GetValueOrDefault(scenario.Name),
                    Vitals = BrowserVitalsReport.Of(stats),
                    ServiceTimeMs = details.ServiceTime,
                    TtfbMs = details.Ttfb,
                    ConnectMs = details.Connect,
                    Checks = details.Checks,
                    ChecksFailed = details.ChecksFailed,
                    ChecksRate = details.ChecksRate,
                };
            })
            .ToList();
    }

    /// <summary>Kinds in <see cref="MetricKinds.All"/> order, each present when the plan or the rows hold a key of it.</summary>
    private static List<KindReport> Kinds(MetricCatalog catalog, MergedResults merged)
    {
        var keysByKind = catalog.Metrics.Select(m => m.Name)
            .Concat(merged.ByRequest.Keys.Where(k => !catalog.Knows(k)))
            .GroupBy(catalog.KindOf)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        return MetricKinds.All
            .Where(keysByKind.ContainsKey)
            .Select(kind =>
            {
                var stats = Sum(keysByKind[kind], merged.ByRequest);
                var details = Details.Of(stats);
                return new KindReport(
                    kind,
                    stats.Requests,
                    stats.Failures,
                    Rate(stats.Failures, stats.Requests),
                    Round((double)stats.Requests / merged.MeasuredSeconds),
                    stats.BytesSent,
                    stats.BytesReceived,
                    LatencySummary.From(stats.Latency),
                    SortedCounts(stats.StatusCodes))
                {
                    ServiceTimeMs = details.ServiceTime,
                    TtfbMs = details.Ttfb,
                    ConnectMs = details.Connect,
                    Checks = details.Checks,
                    ChecksFailed = details.ChecksFailed,
                    ChecksRate = details.ChecksRate,
                    Vitals = kind == MetricKinds.Browser ? BrowserVitalsReport.Of(stats) ?? new Dictionary<string, LatencySummary>() : null,
                };
            })
            .ToList();
    }

    private static List<SecondReport> PerSecond(MetricCatalog catalog, MergedResults merged)
    {
        var plan = catalog.Plan;
        var arrivalRate = plan is not null && PlannedLoad.HasArrivalRate(plan);
        var vuTarget = plan is not null && PlannedLoad.HasVuTarget(plan);
        var iterationKeys = arrivalRate
            ? plan!.Scenarios.Where(s => s.IsArrivalRate).SelectMany(catalog.IterationKeysOf).ToList()
            : [];

        return merged.Seconds
            .Select(second => new SecondReport(
                second.Second,
                second.Totals.Requests,
                second.Totals.Failures,
                second.Totals.Requests,
                LatencySummary.Percentile(second.Totals.Latency, 50),
                LatencySummary.Percentile(second.Totals.Latency, 95),
                LatencySummary.Percentile(second.Totals.Latency, 99),
                second.ActiveVus)
            {
                DroppedArrivals = merged.DroppedArrivals.TryGetValue(second.Second, out var dropped) ? dropped.Values.Sum() : 0,
                PlannedVus = vuTarget ? PlannedLoad.VusIn(plan!, second.Second) : null,
                PlannedArrivals = arrivalRate ? PlannedLoad.ArrivalsIn(plan!, second.Second) : null,
                AchievedArrivals = arrivalRate ? iterationKeys.Sum(k => second.Requests.GetValueOrDefault(k)?.Requests ?? 0) : null,
            })
            .ToList();
    }

    private static Dictionary<string, long> DroppedPerScenario(MergedResults merged)
    {
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var perScenario in merged.DroppedArrivals.Values)
        {
            foreach (var (scenario, count) in perScenario)
            {
                totals[scenario] = totals.GetValueOrDefault(scenario) + count;
            }
        }

        return totals;
    }

    private static SliceHealthReport HealthOf(SliceHealthTotals health) => new(
        health.Seconds,
        health.SaturatedSeconds,
        health.Saturated,
        Math.Round(health.CpuPercentMax, 1),
        Math.Round(health.CpuPercentMean, 1),
        LatencySummary.Milliseconds(health.LagP99MicrosMax),
        LatencySummary.Milliseconds(health.LagMaxMicros),
        health.WorkingSetBytesMax,
        health.GcHeapBytesMax,
        LatencySummary.Milliseconds(health.GcPauseMicros),
        health.InFlightMax)
    {
        BrowserVusMax = health.BrowserVusMax > 0 ? health.BrowserVusMax : null,
        BrowserCpuPercentMax = health.BrowserVusMax > 0 ? Math.Round(health.BrowserCpuPercentMax, 1) : null,
        BrowserMemoryBytesMax = health.BrowserVusMax > 0 ? health.BrowserMemoryBytesMax : null,
        BrowserMemoryBytesPerVu = health.BrowserVusMax > 0 ? health.BrowserMemoryBytesPerVu : null,
        BrowserCpuPercentPerVu = health.BrowserVusMax > 0 ? Math.Round(health.BrowserCpuPercentPerVu, 1) : null,
    };

    private static RequestStats Sum(IEnumerable<string> keys, IReadOnlyDictionary<string, RequestStats> byKey)
    {
        var sum = new RequestStats();
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            if (byKey.TryGetValue(key, out var stats))
            {
                sum.Add(stats);
            }
        }

        return sum;
    }

    /// <summary>The optional figures of a view: distributions only when something recorded them, checks rate only with checks.</summary>
    private readonly record struct Details(
        LatencySummary? ServiceTime,
        LatencySummary? Ttfb,
        LatencySummary? Connect,
        long Checks,
        long ChecksFailed,
        double? ChecksRate)
    {
        public static Details Of(RequestStats stats) => new(
            Summary(stats.ServiceTime),
            Summary(stats.TimeToFirstByte),
            Summary(stats.ConnectTime),
            stats.Checks,
            stats.ChecksFailed,
            stats.Checks == 0 ? null : Rate(stats.Checks - stats.ChecksFailed, stats.Checks));

        private static LatencySummary? Summary(Core.Histograms.LatencyHistogram histogram) =>
            histogram.TotalCount == 0 ? null : LatencySummary.From(histogram);
    }
}
