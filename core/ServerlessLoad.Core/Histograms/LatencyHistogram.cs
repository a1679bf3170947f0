namespace ServerlessLoad.Core.Histograms;

/// <summary>
/// HDR-style log-linear histogram of latencies in microseconds with 3 significant digits, one fixed configuration for
/// every producer so histograms from any runner merge exactly.
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>One hour; larger values are clamped.</summary>
    public const long HighestTrackableMicros = 3_600_000_000;

    public long TotalCount => throw new NotImplementedException();

    public long MinMicros => throw new NotImplementedException();

    public long MaxMicros => throw new NotImplementedException();

    public double MeanMicros => throw new NotImplementedException();

    public double StdDevMicros => throw new NotImplementedException();

    public void RecordMicros(long micros) => throw new NotImplementedException();

    public void Record(TimeSpan latency) => RecordMicros((long)(latency.Ticks / 10.0));

    public void Add(LatencyHistogram other) => throw new NotImplementedException();

    /// <summary>Value (µs) at or below which <paramref name="percentile"/> (0..100) of recorded values lie.</summary>
    public long ValueAtPercentile(double percentile) => throw new NotImplementedException();

    /// <summary>Non-empty buckets, lowest first: a representative value (µs) and its count.</summary>
    public IEnumerable<(long ValueMicros, long Count)> Buckets() => throw new NotImplementedException();

    /// <summary>Compact sparse text encoding (base64), stable across versions.</summary>
    public string Encode() => throw new NotImplementedException();

    public static LatencyHistogram Decode(string encoded) => throw new NotImplementedException();

    public LatencyHistogram Copy() => throw new NotImplementedException();

    public void Reset() => throw new NotImplementedException();
}
