using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Results;
using ServerlessLoad.Core.Runs;

namespace ServerlessLoad.Reports;

/// <summary>Turns a run's facts and measurements into its <see cref="RunReport"/>: merge, judge, decide, shape.</summary>
public static partial class ReportBuilder
{
    /// <summary>The error of a run whose slices all completed without sending a request.</summary>
    public const string NoLoadError = "no load was generated: every slice completed without sending a request";

    public static RunReport Build(RunFacts facts, IEnumerable<SliceSecond> seconds) =>
        Build(facts, Aggregation.Merge(seconds));

    /// <summary>For callers that checkpoint the merged results between stages.</summary>
    public static RunReport Build(RunFacts facts, MergedResults merged)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(merged);

        facts = WithNoLoadError(facts, merged);
        var slices = Slices(facts, merged);
        var missingLoad = MissingLoadReport.Of(facts, slices);
        // Not for runs stopped on purpose (cancelled, aborted) nor for runs that measured nothing at all (said already).
        var stoppedOnPurpose = facts.AbortedBy is not null || string.Equals(facts.StatusHint, RunStatus.Cancelled, StringComparison.OrdinalIgnoreCase);
        if (missingLoad is { Exceeded: true } && !stoppedOnPurpose && !facts.Errors.Contains(NoLoadError))
        {
            facts = facts with { Errors = [.. facts.Errors, missingLoad.Summary] };
        }

        var durationSeconds = Math.Max(0, (facts.EndedAt - facts.StartedAt).TotalSeconds);
        var catalog = MetricCatalog.Of(facts.Plan);
        var thresholds = WithAbort(ThresholdJudge.Judge(facts.Plan?.Thresholds ?? [], merged, durationSeconds, catalog), facts.AbortedBy);
        var measured = merged.MeasuredSeconds;
        var details = Details.Of(merged.Totals);

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
                SortedCounts(merged.Totals.StatusCodes))
            {
                ServiceTimeMs = details.ServiceTime,
                TtfbMs = details.Ttfb,
                ConnectMs = details.Connect,
                Checks = details.Checks,
                ChecksFailed = details.ChecksFailed,
                ChecksRate = details.ChecksRate,
                DroppedArrivals = merged.DroppedArrivalsPerSlice.Values.Sum(),
            },
            Requests = Requests(catalog, merged),
            Scenarios = Scenarios(catalog, merged),
            Kinds = Kinds(catalog, merged),
            Thresholds = thresholds,
            Slices = slices,
            PerSecond = PerSecond(catalog, merged),
            FailureCategories = FailureCategories(merged.Totals),
            Errors = facts.Errors.ToList(),
            Warnings = missingLoad is { Exceeded: false } ? [missingLoad.Summary] : [],
            MissingLoad = missingLoad,
            AbortedBy = facts.AbortedBy,
        };
    }

    /// <summary>
    /// A run whose slices all completed without sending one request measured nothing (e.g. its slices started after the
    /// plan's end): it errored, thresholds or not, so a gate on its verdict cannot pass on a test that never happened.
    /// </summary>
    private static RunFacts WithNoLoadError(RunFacts facts, MergedResults merged)
    {
        var completedWithoutLoad = merged.Totals.Requests == 0
            && facts.Plan is not null
            && facts.AbortedBy is null
            && facts.Slices.Count > 0
            && facts.Slices.All(s => s.Status == SliceStatus.Completed);
        return completedWithoutLoad
            ? facts with { Errors = [.. facts.Errors, NoLoadError] }
            : facts;
    }

    /// <summary>The threshold that aborted the run failed, whatever the seconds it stopped from measuring would have said.</summary>
    private static IReadOnlyList<ThresholdResult> WithAbort(IReadOnlyList<ThresholdResult> results, RunAbort? abort) =>
        abort is null
            ? results
            : results.Select(r => r.Source == abort.Threshold ? r with { Passed = false, Message = "aborted the run: " + abort.Reason } : r).ToList();

    /// <summary>Plan order first (scenario by scenario, step by step), then names the plan does not know, alphabetically.</summary>
    private static List<RequestReport> Requests(MetricCatalog catalog, MergedResults merged)
    {
        var order = catalog.Metrics.Select(m => m.Name).ToList();
        order.AddRange(merged.ByRequest.Keys.Where(name => !catalog.Knows(name)).Order(StringComparer.Ordinal));

        return order
            .Select(name =>
            {
                var stats = merged.ByRequest.GetValueOrDefault(name) ?? new RequestStats();
                var spec = catalog.RequestOf(name);
                var details = Details.Of(stats);
                return new RequestReport(
                    name,
                    spec?.Method,
                    UrlOf(catalog, name),
                    stats.Requests,
                    stats.Failures,
                    Rate(stats.Failures, stats.Requests),
                    Round((double)stats.Requests / merged.MeasuredSeconds),
                    stats.BytesSent,
                    stats.BytesReceived,
                    LatencySummary.From(stats.Latency),
                    SortedCounts(stats.StatusCodes),
                    FailureCategories(stats))
                {
                    Kind = catalog.KindOf(name),
                    Scenario = catalog.ScenarioOf(name),
                    Vitals = catalog.KindOf(name) == MetricKinds.Browser ? BrowserVitalsReport.Of(stats) ?? new Dictionary<string, LatencySummary>() : null,
                    Screenshots = stats.Screenshots.Count == 0 ? null : stats.Screenshots.Order(StringComparer.Ordinal).ToList(),
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

    private static string? UrlOf(MetricCatalog catalog, string name)
    {
        if (catalog.Plan is not { } plan)
        {
            return null;
        }

        if (catalog.RequestOf(name) is { } spec)
        {
            return Url(plan, spec.Target, spec.Path);
        }

        if (catalog.WebSocketOf(name) is not { } ws)
        {
            return null;
        }

        var url = Url(plan, ws.Target, ws.Path);
        return url.StartsWith("http", StringComparison.Ordinal) ? "ws" + url["http".Length..] : url;
    }

    private static string Url(Plan plan, string targetName, string path)
    {
        if (!plan.Targets.TryGetValue(targetName, out var target))
        {
            return path;
        }

        // Joined as text: Uri's relative resolution would drop a base path such as /api when the path starts with /.
        return target.AbsoluteUri.TrimEnd('/') + "/" + path.TrimStart('/');
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
                    DroppedArrivals = merged.DroppedArrivalsPerSlice.GetValueOrDefault(index),
                    Health = merged.Health.TryGetValue(index, out var health) ? HealthOf(health) : null,
                };
            })
            .ToList();
    }

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
