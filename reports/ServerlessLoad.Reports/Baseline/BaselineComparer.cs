namespace ServerlessLoad.Reports;

/// <summary>
/// Compares a run with a baseline run (a previous report.json read back with <see cref="ReportJson.Parse"/>): the
/// change of each figure, whether it is a regression beyond the tolerance, and whether the per-second values behind
/// it differ significantly (<see cref="MannWhitney"/>).
/// </summary>
public static class BaselineComparer
{
    /// <summary>The name of the rows comparing the run totals.</summary>
    public const string TotalName = "total";

    /// <summary>
    /// A failure rate must rise by at least this much (0.1 percentage points) to be a regression, so that tiny rates
    /// doubling (0.001% to 0.002%) are not flagged.
    /// </summary>
    public const double MinimumFailureRateIncrease = 0.001;

    /// <summary>Slack on the comparisons with the tolerance, so 100 ms to 110 ms is not flagged at 10% by rounding.</summary>
    private const double Slack = 1e-9;

    /// <param name="requestSeries">
    /// The per-second series of one request name in a report, or null when the report does not hold them. Without it
    /// (the report model has no per-request seconds yet) request rows get no p-value and are never significant; the
    /// totals always use <see cref="BaselineSeries.RunWide"/>.
    /// </param>
    public static BaselineComparison Compare(
        RunReport current,
        RunReport baseline,
        BaselineOptions options,
        Func<RunReport, string, BaselineSeries?>? requestSeries = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var rows = new List<BaselineRow>();
        AddRows(
            rows,
            TotalName,
            Figures.Of(current.Totals.LatencyMs, current.Totals.Rps, current.Totals.FailureRate),
            Figures.Of(baseline.Totals.LatencyMs, baseline.Totals.Rps, baseline.Totals.FailureRate),
            PValues.Of(BaselineSeries.RunWide(current), BaselineSeries.RunWide(baseline)),
            options);

        var baselineRequests = FirstByName(baseline.Requests);
        var currentRequests = FirstByName(current.Requests);
        foreach (var request in currentRequests.Values)
        {
            if (!baselineRequests.TryGetValue(request.Name, out var before))
            {
                continue;
            }

            var pValues = requestSeries is null
                ? PValues.None
                : PValues.Of(requestSeries(current, request.Name), requestSeries(baseline, request.Name));
            AddRows(
                rows,
                request.Name,
                Figures.Of(request.LatencyMs, request.Rps, request.FailureRate),
                Figures.Of(before.LatencyMs, before.Rps, before.FailureRate),
                pValues,
                options);
        }

        return new BaselineComparison(
            baseline.RunId,
            options,
            rows,
            Added: currentRequests.Keys.Where(name => !baselineRequests.ContainsKey(name)).ToList(),
            Removed: baselineRequests.Keys.Where(name => !currentRequests.ContainsKey(name)).ToList());
    }

    /// <summary>Names in report order; a repeated name (which a valid report does not hold) keeps its first entry.</summary>
    private static Dictionary<string, RequestReport> FirstByName(IReadOnlyList<RequestReport> requests)
    {
        var byName = new Dictionary<string, RequestReport>(StringComparer.Ordinal);
        foreach (var request in requests)
        {
            byName.TryAdd(request.Name, request);
        }

        return byName;
    }

    private static void AddRows(List<BaselineRow> rows, string name, Figures current, Figures baseline, PValues pValues, BaselineOptions options)
    {
        rows.Add(Row(name, BaselineMetric.LatencyP50, baseline.P50, current.P50, pValues.Latency, options));
        rows.Add(Row(name, BaselineMetric.LatencyP95, baseline.P95, current.P95, pValues.Latency, options));
        rows.Add(Row(name, BaselineMetric.LatencyP99, baseline.P99, current.P99, pValues.Latency, options));
        rows.Add(Row(name, BaselineMetric.Rps, baseline.Rps, current.Rps, pValues.Rps, options));
        rows.Add(Row(name, BaselineMetric.FailureRate, baseline.FailureRate, current.FailureRate, pValues.FailureRate, options));
    }

    private static BaselineRow Row(string name, BaselineMetric metric, double baseline, double current, double? pValue, BaselineOptions options)
    {
        var delta = current - baseline;
        double? deltaPercent = baseline != 0 && double.IsFinite(delta / baseline) ? delta / baseline * 100 : null;

        // Positive when the current run is worse, in the metric's own units.
        var worsening = metric.HigherIsBetter() ? -delta : delta;
        var change = worsening > 0 ? BaselineChange.Worse : worsening < 0 ? BaselineChange.Better : BaselineChange.Unchanged;
        var regressed = IsRegression(metric, baseline, worsening, options.Tolerance);
        var significant = regressed && pValue < options.Alpha;
        return new BaselineRow(name, metric, baseline, current, delta, deltaPercent, change, regressed, significant, pValue);
    }

    /// <summary>
    /// Latency and rps need a baseline above 0 to be judged relatively. A failure rate from 0 is a regression once it
    /// rises by the absolute minimum, since any rise from 0 is beyond a relative tolerance.
    /// </summary>
    private static bool IsRegression(BaselineMetric metric, double baseline, double worsening, double tolerance)
    {
        if (metric == BaselineMetric.FailureRate)
        {
            return worsening >= MinimumFailureRateIncrease - Slack
                && (baseline == 0 || worsening / baseline > tolerance + Slack);
        }

        return baseline > 0 && worsening / baseline > tolerance + Slack;
    }

    private sealed record Figures(double P50, double P95, double P99, double Rps, double FailureRate)
    {
        public static Figures Of(LatencySummary latency, double rps, double failureRate) =>
            new(latency.P50, latency.P95, latency.P99, rps, failureRate);
    }

    /// <summary>The p-value of each series: p95 latency (for every latency metric), rps and failure rate.</summary>
    private sealed record PValues(double? Latency, double? Rps, double? FailureRate)
    {
        public static PValues None { get; } = new(null, null, null);

        public static PValues Of(BaselineSeries? current, BaselineSeries? baseline) =>
            current is null || baseline is null
                ? None
                : new(Test(current.P95Ms, baseline.P95Ms), Test(current.Rps, baseline.Rps), Test(current.FailureRate, baseline.FailureRate));

        /// <summary>Null when either side has no finite value: nothing to test, so nothing can be significant.</summary>
        private static double? Test(IReadOnlyList<double> current, IReadOnlyList<double> baseline)
        {
            var a = current.Where(double.IsFinite).ToList();
            var b = baseline.Where(double.IsFinite).ToList();
            return a.Count == 0 || b.Count == 0 ? null : MannWhitney.Test(a, b).PValue;
        }
    }
}
