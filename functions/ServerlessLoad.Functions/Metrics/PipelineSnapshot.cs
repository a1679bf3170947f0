using ServerlessLoad.Core.Runs;

namespace ServerlessLoad.Functions.Metrics;

/// <summary>One running run's figures from its stored seconds (the complete prefix every slice has written).</summary>
/// <param name="Through">The last second every slice has stored; -1 before the first.</param>
/// <param name="LastSecondRequests">Requests of that second: the run's current rate, per second.</param>
/// <param name="LatencyQuantiles">Seconds of latency at quantile 0.5, 0.9, 0.95, 0.99 over the stored seconds (empty without requests).</param>
public sealed record RunFigures(
    string RunId,
    string Plan,
    long Through,
    long Requests,
    long Failures,
    long LastSecondRequests,
    long LastSecondFailures,
    int ActiveVus,
    IReadOnlyList<(double Quantile, double Seconds)> LatencyQuantiles,
    double LatencySumSeconds,
    long LatencyCount);

/// <summary>Everything /metrics shows, gathered at one scrape.</summary>
/// <param name="QueueLengths">Approximate messages per queue name (poison queues included).</param>
/// <param name="LiveRunners">Runners whose heartbeat on a slice they hold is fresh, with how many slices each holds.</param>
public sealed record PipelineSnapshot(
    IReadOnlyDictionary<string, int> RunsByStatus,
    IReadOnlyList<RunFigures> Running,
    IReadOnlyDictionary<string, int> QueueLengths,
    IReadOnlyDictionary<string, int> LiveRunners)
{
    public static readonly IReadOnlyList<string> Statuses =
    [
        RunStatus.Queued, RunStatus.Planning, RunStatus.Running, RunStatus.Reporting,
        RunStatus.Passed, RunStatus.Failed, RunStatus.Errored, RunStatus.Cancelled,
    ];

    /// <summary>The snapshot in the Prometheus text format; every status and queue is listed, zero or not.</summary>
    public string ToPrometheusText()
    {
        var text = new PrometheusText();
        text.Family("sload_runs", "gauge", "Runs by status.");
        foreach (var status in Statuses)
        {
            text.Sample("sload_runs", RunsByStatus.GetValueOrDefault(status), ("status", status));
        }

        text.Family("sload_run_requests_total", "counter", "Requests of a running run over the seconds every slice has stored.");
        Each(text, r => ("sload_run_requests_total", r.Requests));
        text.Family("sload_run_failures_total", "counter", "Failed requests of a running run over the seconds every slice has stored.");
        Each(text, r => ("sload_run_failures_total", r.Failures));
        text.Family("sload_run_requests_per_second", "gauge", "Requests of a running run in its last stored second.");
        Each(text, r => ("sload_run_requests_per_second", r.LastSecondRequests));
        text.Family("sload_run_failures_per_second", "gauge", "Failed requests of a running run in its last stored second.");
        Each(text, r => ("sload_run_failures_per_second", r.LastSecondFailures));
        text.Family("sload_run_active_vus", "gauge", "Virtual users of a running run active at the end of its last stored second.");
        Each(text, r => ("sload_run_active_vus", r.ActiveVus));
        text.Family("sload_run_stored_second", "gauge", "The last second of a running run's timeline that every slice has stored (-1: none yet).");
        Each(text, r => ("sload_run_stored_second", r.Through));

        text.Family("sload_run_latency_seconds", "summary", "Latency of a running run's requests over its stored seconds (from the merged histograms).");
        foreach (var run in Running)
        {
            foreach (var (quantile, seconds) in run.LatencyQuantiles)
            {
                text.Sample("sload_run_latency_seconds", seconds, ("run_id", run.RunId), ("plan", run.Plan), ("quantile", PrometheusText.Number(quantile)));
            }

            text.Sample("sload_run_latency_seconds_sum", run.LatencySumSeconds, ("run_id", run.RunId), ("plan", run.Plan));
            text.Sample("sload_run_latency_seconds_count", run.LatencyCount, ("run_id", run.RunId), ("plan", run.Plan));
        }

        text.Family("sload_queue_messages", "gauge", "Approximate messages waiting in a pipeline queue.");
        foreach (var (queue, length) in QueueLengths.OrderBy(q => q.Key, StringComparer.Ordinal))
        {
            text.Sample("sload_queue_messages", length, ("queue", queue));
        }

        text.Family("sload_runners_live", "gauge", "Runners with a fresh heartbeat on a slice they hold.");
        text.Sample("sload_runners_live", LiveRunners.Count);
        text.Family("sload_runner_slices", "gauge", "Slices a live runner holds.");
        foreach (var (runner, slices) in LiveRunners.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            text.Sample("sload_runner_slices", slices, ("runner", runner));
        }

        return text.ToString();
    }

    private void Each(PrometheusText text, Func<RunFigures, (string Name, double Value)> sample)
    {
        foreach (var run in Running)
        {
            var (name, value) = sample(run);
            text.Sample(name, value, ("run_id", run.RunId), ("plan", run.Plan));
        }
    }
}
