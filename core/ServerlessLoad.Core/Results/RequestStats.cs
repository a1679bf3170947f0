using ServerlessLoad.Core.Histograms;

namespace ServerlessLoad.Core.Results;

/// <summary>
/// Raw counters and the latency distribution of one request name over some span (a second of a slice, or a merge of
/// many). Merging is exact: counts add, histograms add.
/// </summary>
public sealed class RequestStats
{
    public long Requests { get; set; }

    public long Failures { get; set; }

    public long BytesSent { get; set; }

    public long BytesReceived { get; set; }

    /// <summary>Checks evaluated on responses (a step's <c>checks:</c>), passed or not.</summary>
    public long Checks { get; set; }

    /// <summary>Checks that did not hold; <c>checks.rate</c> is (Checks - ChecksFailed) / Checks.</summary>
    public long ChecksFailed { get; set; }

    /// <summary>Count per HTTP status code ("200"), plus "0" for requests that got no response.</summary>
    public Dictionary<string, long> StatusCodes { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Failures per category (status, timeout, refused, reset, ...).</summary>
    public Dictionary<string, long> FailureCategories { get; init; } = new(StringComparer.Ordinal);

    /// <summary>A few example messages per failure category.</summary>
    public Dictionary<string, List<string>> FailureSamples { get; init; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Microseconds from each request's intended start to the end of its response (or failure). Under arrival-rate
    /// executors the intended start is the scheduled arrival, so waiting for a free connection or a late scheduler
    /// counts (coordinated omission corrected); otherwise it is the moment the request was sent.
    /// </summary>
    public LatencyHistogram Latency { get; init; } = new();

    /// <summary>Microseconds from the actual send to the end of the response: the server's (and network's) share.</summary>
    public LatencyHistogram ServiceTime { get; init; } = new();

    /// <summary>Microseconds from the actual send to the first byte of the response; requests without a response are absent.</summary>
    public LatencyHistogram TimeToFirstByte { get; init; } = new();

    /// <summary>Microseconds to set up a new connection (TCP connect, plus the TLS handshake for https); one per new connection.</summary>
    public LatencyHistogram ConnectTime { get; init; } = new();

    /// <summary>
    /// Web Vitals of browser steps by name (<see cref="Plans.BrowserVitals"/>): times in microseconds, CLS multiplied by
    /// <see cref="Plans.BrowserVitals.ClsScale"/>. Absent for other kinds of results.
    /// </summary>
    public Dictionary<string, LatencyHistogram> Vitals { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Screenshots of failed browser steps, as the names of the run's artifacts (<c>screenshots/...png</c>).</summary>
    public List<string> Screenshots { get; init; } = [];

    public const int MaxSamplesPerCategory = 3;

    /// <summary>Screenshots kept per results key: runners take a few per slice already; this bounds a merge of many slices.</summary>
    public const int MaxScreenshots = 100;

    /// <summary>The histogram of a Web Vital, created on first use.</summary>
    public LatencyHistogram Vital(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Vitals.TryGetValue(name, out var histogram))
        {
            Vitals[name] = histogram = new LatencyHistogram();
        }

        return histogram;
    }

    public void AddScreenshot(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Screenshots.Count < MaxScreenshots && !Screenshots.Contains(name, StringComparer.Ordinal))
        {
            Screenshots.Add(name);
        }
    }

    public void Add(RequestStats other) => Add(other, withDistributions: true);

    /// <summary>Adds counts, and the histograms too unless <paramref name="withDistributions"/> is false.</summary>
    public void Add(RequestStats other, bool withDistributions)
    {
        ArgumentNullException.ThrowIfNull(other);
        AddCounters(other.Requests, other.Failures, other.BytesSent, other.BytesReceived, other.Checks, other.ChecksFailed, other.StatusCodes, other.FailureCategories);
        foreach (var (category, samples) in other.FailureSamples)
        {
            AddSamples(category, samples);
        }

        AddScreenshots(other.Screenshots);
        if (withDistributions)
        {
            Latency.Add(other.Latency);
            ServiceTime.Add(other.ServiceTime);
            TimeToFirstByte.Add(other.TimeToFirstByte);
            ConnectTime.Add(other.ConnectTime);
            foreach (var (name, histogram) in other.Vitals)
            {
                Vital(name).Add(histogram);
            }
        }
    }

    /// <summary>
    /// Adds one name's figures read from a stored row (see <see cref="SliceSecondCodec.ReadRequests"/>): the same result
    /// as adding its decoded <see cref="RequestStats"/>, without building histograms.
    /// </summary>
    public void Add(EncodedRequestStats other, bool withDistributions)
    {
        ArgumentNullException.ThrowIfNull(other);
        AddCounters(other.Requests, other.Failures, other.BytesSent, other.BytesReceived, other.Checks, other.ChecksFailed, other.StatusCodes, other.FailureCategories);
        foreach (var (category, samples) in other.FailureSamples)
        {
            AddSamples(category, samples);
        }

        AddScreenshots(other.Screenshots);
        if (withDistributions)
        {
            // Checked once when the row was read, not again for each total it is added to.
            Latency.AddChecked(other.LatencyRaw);
            ServiceTime.AddChecked(other.ServiceTimeRaw);
            TimeToFirstByte.AddChecked(other.TimeToFirstByteRaw);
            ConnectTime.AddChecked(other.ConnectTimeRaw);
            for (var i = 0; i < other.VitalCount; i++)
            {
                Vital(other.VitalName(i)).AddChecked(other.VitalRaw(i));
            }
        }
    }

    public void AddSample(string category, string sample)
    {
        if (!FailureSamples.TryGetValue(category, out var list))
        {
            FailureSamples[category] = list = [];
        }

        if (list.Count < MaxSamplesPerCategory && !list.Contains(sample, StringComparer.Ordinal))
        {
            list.Add(sample);
        }
    }

    private void AddCounters(
        long requests, long failures, long bytesSent, long bytesReceived, long checks, long checksFailed,
        Dictionary<string, long> statusCodes, Dictionary<string, long> failureCategories)
    {
        Requests += requests;
        Failures += failures;
        BytesSent += bytesSent;
        BytesReceived += bytesReceived;
        Checks += checks;
        ChecksFailed += checksFailed;
        AddCounts(StatusCodes, statusCodes);
        AddCounts(FailureCategories, failureCategories);
    }

    private void AddScreenshots(List<string> names)
    {
        foreach (var name in names)
        {
            AddScreenshot(name);
        }
    }

    private void AddSamples(string category, List<string> samples)
    {
        foreach (var sample in samples)
        {
            AddSample(category, sample);
        }
    }

    private static void AddCounts(Dictionary<string, long> into, Dictionary<string, long> from)
    {
        foreach (var (key, value) in from)
        {
            into[key] = into.GetValueOrDefault(key) + value;
        }
    }
}
