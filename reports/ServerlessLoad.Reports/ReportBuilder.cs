using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Results;

namespace ServerlessLoad.Reports;

/// <summary>Turns a run's facts and measurements into its <see cref="RunReport"/>: merge, judge, decide, shape.</summary>
public static class ReportBuilder
{
    public static RunReport Build(RunFacts facts, IEnumerable<SliceSecond> seconds) =>
        Build(facts, Aggregation.Merge(seconds));

    /// <summary>For callers that checkpoint the merged results between stages.</summary>
    public static RunReport Build(RunFacts facts, MergedResults merged)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(merged);

        var durationSeconds = Math.Max(0, (facts.EndedAt - facts.StartedAt).TotalSeconds);
        var thresholds = WithAbort(ThresholdJudge.Judge(facts.Plan?.Thresholds ?? [], merged, durationSeconds), facts.AbortedBy);
        var measured = merged.MeasuredSeconds;

        return new RunReport
        {
            RunId = facts.RunId,
            Plan = new PlanInfo(
                facts.PlanName,
                facts.Plan?.Slices ?? facts.Slices.Count,
                Round(facts.Plan?.TotalDuration.TotalSeconds ?? 0)),
            Verdict = Verdict.Decide(facts, thresholds),
            Trigger = facts.Trigger,
            StartedAt = facts.StartedAt,
            EndedAt = facts.EndedAt,
            DurationSeconds = Round(durationSeconds),
            MeasuredSeconds = measured,
            Totals = new TotalsReport(
                merged.Totals.Requests,
                merged.Totals.Failures,
                Rate(merged.Totals.Failures, merged.Totals.Requests),
                Round((double)merged.Totals.Requests / measured),
                merged.Totals.BytesSent,
                merged.Totals.BytesReceived,
                LatencySummary.From(merged.Totals.Latency),
                SortedCounts(merged.Totals.StatusCodes)),
            Requests = Requests(facts.Plan, merged),
            Thresholds = thresholds,
            Slices = Slices(facts, merged),
            PerSecond = merged.Seconds.Select(PerSecond).ToList(),
            FailureCategories = FailureCategories(merged.Totals),
            Errors = facts.Errors.ToList(),
            AbortedBy = facts.AbortedBy,
        };
    }

    /// <summary>The threshold that aborted the run failed, whatever the seconds it stopped from measuring would have said.</summary>
    private static IReadOnlyList<ThresholdResult> WithAbort(IReadOnlyList<ThresholdResult> results, RunAbort? abort) =>
        abort is null
            ? results
            : results.Select(r => r.Source == abort.Threshold ? r with { Passed = false, Message = "aborted the run: " + abort.Reason } : r).ToList();

    /// <summary>Plan order first (scenario by scenario), then names the plan does not know, alphabetically.</summary>
    private static List<RequestReport> Requests(Plan? plan, MergedResults merged)
    {
        var specs = new Dictionary<string, RequestSpec>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var spec in plan?.Scenarios.SelectMany(s => s.Requests) ?? [])
        {
            if (specs.TryAdd(spec.Name, spec))
            {
                order.Add(spec.Name);
            }
        }

        order.AddRange(merged.ByRequest.Keys.Where(name => !specs.ContainsKey(name)).Order(StringComparer.Ordinal));

        return order
            .Select(name =>
            {
                var stats = merged.ByRequest.GetValueOrDefault(name) ?? new RequestStats();
                var spec = specs.GetValueOrDefault(name);
                return new RequestReport(
                    name,
                    spec?.Method,
                    spec is null ? null : Url(plan!, spec),
                    stats.Requests,
                    stats.Failures,
                    Rate(stats.Failures, stats.Requests),
                    Round((double)stats.Requests / merged.MeasuredSeconds),
                    stats.BytesSent,
                    stats.BytesReceived,
                    LatencySummary.From(stats.Latency),
                    SortedCounts(stats.StatusCodes),
                    FailureCategories(stats));
            })
            .ToList();
    }

    private static string Url(Plan plan, RequestSpec spec)
    {
        if (!plan.Targets.TryGetValue(spec.Target, out var target))
        {
            return spec.Path;
        }

        // Joined as text: Uri's relative resolution would drop a base path such as /api when the path starts with /.
        return target.AbsoluteUri.TrimEnd('/') + "/" + spec.Path.TrimStart('/');
    }

    private static List<SliceReport> Slices(RunFacts facts, MergedResults merged)
    {
        var fromRows = merged.Slices.ToDictionary(s => s.Slice);
        var known = facts.Slices.ToDictionary(s => s.Index);
        return known.Keys.Union(fromRows.Keys)
            .Order()
            .Select(index =>
            {
                var rows = fromRows.GetValueOrDefault(index);
                var slice = known.GetValueOrDefault(index);
                return new SliceReport(
                    index,
                    slice?.Status ?? "unknown",
                    slice?.Attempt ?? rows?.Attempt ?? 0,
                    rows?.Requests ?? 0,
                    rows?.Failures ?? 0,
                    slice?.Requests ?? rows?.Requests ?? 0,
                    slice?.Error)
                {
                    MissingSeconds = SliceGaps.Find(facts, index, slice, merged.StoredSeconds.GetValueOrDefault(index) ?? []),
                };
            })
            .ToList();
    }

    private static SecondReport PerSecond(SecondResults second) => new(
        second.Second,
        second.Totals.Requests,
        second.Totals.Failures,
        second.Totals.Requests,
        LatencySummary.Percentile(second.Totals.Latency, 50),
        LatencySummary.Percentile(second.Totals.Latency, 95),
        LatencySummary.Percentile(second.Totals.Latency, 99),
        second.ActiveVus);

    private static List<FailureCategoryReport> FailureCategories(RequestStats stats) =>
        stats.FailureCategories
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new FailureCategoryReport(
                kv.Key,
                kv.Value,
                stats.FailureSamples.GetValueOrDefault(kv.Key)?.ToList() ?? []))
            .ToList();

    private static SortedDictionary<string, long> SortedCounts(Dictionary<string, long> counts) =>
        new(counts, StatusCodeOrder.Instance);

    private static double Rate(long part, long whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 6);

    private static double Round(double value) => Math.Round(value, 3, MidpointRounding.AwayFromZero);

    /// <summary>Numeric codes ascending ("0" first, "200" before "1000"), anything else after them by text.</summary>
    private sealed class StatusCodeOrder : IComparer<string>
    {
        public static readonly StatusCodeOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var xNumeric = int.TryParse(x, out var xCode);
            var yNumeric = int.TryParse(y, out var yCode);
            return (xNumeric, yNumeric) switch
            {
                (true, true) => xCode.CompareTo(yCode),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(x, y),
            };
        }
    }
}
