using System.Globalization;
using System.Runtime.InteropServices;
using ServerlessLoad.Core.Results;

namespace ServerlessLoad.Runner.Engine;

/// <summary>
/// One stripe of a <see cref="SliceRecorder"/>: per-second, per-request statistics behind a lock that only the VUs
/// striped onto it (and the recorder, once a second) take. The last bucket used is cached, so a VU repeating the same
/// request in the same second records without a dictionary lookup.
/// </summary>
public sealed class RecorderShard
{
    private static readonly string[] StatusKeys =
        Enumerable.Range(0, 600).Select(s => s.ToString(CultureInfo.InvariantCulture)).ToArray();

    private readonly SliceRecorder owner;
    private readonly Lock gate = new();
    private readonly Dictionary<long, Dictionary<string, RequestStats>> seconds = [];
    private long lastSecond = long.MinValue;
    private string? lastRequest;
    private RequestStats? lastStats;

    internal RecorderShard(SliceRecorder owner)
    {
        this.owner = owner;
    }

    public void Record(in RequestOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome.Request);
        lock (gate)
        {
            var stats = StatsFor(outcome.Request, outcome.Second);
            stats.Requests++;
            stats.BytesSent += outcome.BytesSent;
            stats.BytesReceived += outcome.BytesReceived;
            stats.Checks += outcome.Checks;
            stats.ChecksFailed += outcome.ChecksFailed;
            if (outcome.Status != RequestOutcome.NoStatus)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(stats.StatusCodes, StatusKey(outcome.Status), out _)++;
            }

            if (outcome.Failed)
            {
                stats.Failures++;
                var category = outcome.FailureCategory ?? FailureClassifier.Error;
                CollectionsMarshal.GetValueRefOrAddDefault(stats.FailureCategories, category, out _)++;
                if (outcome.FailureSample is { } sample)
                {
                    stats.AddSample(category, owner.Scrubber.IsEmpty ? sample : owner.Scrubber.Scrub(sample));
                }
            }

            stats.Latency.RecordMicros(outcome.LatencyMicros);
            stats.ServiceTime.RecordMicros(outcome.ServiceMicros);
            if (outcome.TimeToFirstByteMicros >= 0)
            {
                stats.TimeToFirstByte.RecordMicros(outcome.TimeToFirstByteMicros);
            }

            if (outcome.ConnectMicros >= 0)
            {
                stats.ConnectTime.RecordMicros(outcome.ConnectMicros);
            }
        }
    }

    public void RecordConnect(string request, long second, long micros)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (gate)
        {
            StatsFor(request, second).ConnectTime.RecordMicros(micros);
        }
    }

    /// <summary>
    /// Traffic that belongs to no single measured exchange (websocket messages after a step's last expect): counted in
    /// the request's bytes without adding a request.
    /// </summary>
    public void RecordBytes(string request, long second, long sent, long received)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (gate)
        {
            var stats = StatsFor(request, second);
            stats.BytesSent += sent;
            stats.BytesReceived += received;
        }
    }

    /// <summary>One Web Vital of a browser step (microseconds, or the CLS score scaled), without adding a request.</summary>
    public void RecordVital(string request, long second, string vital, long value)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(vital);
        lock (gate)
        {
            StatsFor(request, second).Vital(vital).RecordMicros(value);
        }
    }

    /// <summary>A screenshot stored for a failed browser step, by its artifact name.</summary>
    public void RecordScreenshot(string request, long second, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(name);
        lock (gate)
        {
            StatsFor(request, second).AddScreenshot(name);
        }
    }

    /// <summary>Exchanges started and not finished yet, for the slice's in-flight gauge.</summary>
    public void AddInFlight(int delta) => owner.AddInFlight(delta);

    /// <summary>Moves every second before <paramref name="beforeSecond"/> into <paramref name="into"/>, merging with other shards.</summary>
    internal void MoveBefore(long beforeSecond, Dictionary<long, Dictionary<string, RequestStats>> into)
    {
        lock (gate)
        {
            if (seconds.Count == 0)
            {
                return;
            }

            foreach (var second in seconds.Keys.Where(s => s < beforeSecond).ToList())
            {
                seconds.Remove(second, out var requests);
                if (!into.TryGetValue(second, out var merged))
                {
                    into[second] = requests!;
                    continue;
                }

                foreach (var (name, stats) in requests!)
                {
                    if (merged.TryGetValue(name, out var existing))
                    {
                        existing.Add(stats);
                    }
                    else
                    {
                        merged[name] = stats;
                    }
                }
            }

            if (lastSecond < beforeSecond)
            {
                lastSecond = long.MinValue;
                lastRequest = null;
                lastStats = null;
            }
        }
    }

    internal long? LastSecond()
    {
        lock (gate)
        {
            return seconds.Count == 0 ? null : seconds.Keys.Max();
        }
    }

    private RequestStats StatsFor(string request, long stamped)
    {
        // A second already handed out is closed: late outcomes join the earliest open second.
        var second = Math.Max(stamped, owner.OpenFrom);
        if (second == lastSecond && ReferenceEquals(request, lastRequest))
        {
            return lastStats!;
        }

        ref var requests = ref CollectionsMarshal.GetValueRefOrAddDefault(seconds, second, out var existed);
        if (!existed)
        {
            requests = new Dictionary<string, RequestStats>(StringComparer.Ordinal);
            owner.NoteActive(second);
        }

        ref var stats = ref CollectionsMarshal.GetValueRefOrAddDefault(requests!, request, out _);
        stats ??= new RequestStats();
        lastSecond = second;
        lastRequest = request;
        lastStats = stats;
        return stats;
    }

    private static string StatusKey(int status) =>
        (uint)status < (uint)StatusKeys.Length ? StatusKeys[status] : status.ToString(CultureInfo.InvariantCulture);
}
