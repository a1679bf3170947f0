using System.Diagnostics;
using System.Globalization;
using Azure;
using Azure.Storage.Queues;

namespace ServerlessLoad.Cli.Stack;

/// <summary>
/// The local stand-in for an event-driven Container Apps job or a KEDA ScaledJob: it watches the slices queue and starts
/// one runner job (a runner process in job mode, which takes one slice message, runs it and exits) per pending message,
/// up to a maximum at once. The queue's length counts the messages running jobs hold too, so the jobs to start are the
/// length (capped at the maximum) less the jobs running, KEDA's default scaling strategy.
/// </summary>
internal sealed class RunnerScaler(QueueClient slices, ProcessSpec template, int maxJobs, string workingDirectory, Action<string> log)
{
    private readonly List<Job> jobs = [];
    private int started;

    public int MaxJobs => maxJobs;

    /// <summary>Jobs to start for <paramref name="queueLength"/> messages while <paramref name="running"/> jobs run.</summary>
    public static int ToStart(int queueLength, int running, int maxJobs) => Math.Max(0, Math.Min(queueLength, maxJobs) - running);

    /// <summary>The jobs running now, as stack.json records them.</summary>
    public IReadOnlyList<StackProcess> Running => jobs.Select(j => new StackProcess(j.Spec.Role, j.Process.Id, j.Spec.Log, j.Spec.Marker) { StartedAt = j.StartedAt }).ToList();

    /// <summary>Reaps the jobs that ended and starts new ones for the queue's pending messages; true when the set changed.</summary>
    public async Task<bool> TickAsync(CancellationToken ct)
    {
        var changed = Reap();
        int length;
        try
        {
            length = (await slices.GetPropertiesAsync(ct).ConfigureAwait(false)).Value.ApproximateMessagesCount;
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or AggregateException || (e is OperationCanceledException && ct.IsCancellationRequested))
        {
            return changed;
        }

        for (var i = ToStart(length, jobs.Count, maxJobs); i > 0; i--)
        {
            started++;
            var spec = template with
            {
                Role = $"job-{started.ToString(CultureInfo.InvariantCulture)}",
                Log = Path.Combine(Path.GetDirectoryName(template.Log)!, $"job-{started.ToString(CultureInfo.InvariantCulture)}.log"),
            };
            var process = ProcessControl.StartChild(spec.FileName, spec.Arguments, spec.Log, spec.Environment, workingDirectory);
            jobs.Add(new Job(spec, process, DateTimeOffset.UtcNow));
            changed = true;
        }

        return changed;
    }

    public async Task StopAllAsync()
    {
        await Task.WhenAll(jobs.Where(j => !j.Process.HasExited).Select(j => ProcessControl.StopAsync(j.Process.Id, j.Spec.Marker, TimeSpan.FromSeconds(10)))).ConfigureAwait(false);
        foreach (var job in jobs)
        {
            job.Process.Dispose();
        }

        jobs.Clear();
    }

    private bool Reap()
    {
        var ended = jobs.Where(j => j.Process.HasExited).ToList();
        foreach (var job in ended)
        {
            var code = job.Process.ExitCode;
            if (code != 0)
            {
                log($"{job.Spec.Role} (pid {job.Process.Id}) exited with code {code} after {(DateTimeOffset.UtcNow - job.StartedAt).TotalSeconds:0.#} s; see {job.Spec.Log}.");
            }

            job.Process.Dispose();
            jobs.Remove(job);
        }

        return ended.Count > 0;
    }

    private sealed record Job(ProcessSpec Spec, Process Process, DateTimeOffset StartedAt);
}
