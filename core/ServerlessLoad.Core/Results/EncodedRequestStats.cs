using System.Buffers.Text;
using ServerlessLoad.Core.Histograms;

namespace ServerlessLoad.Core.Results;

/// <summary>
/// One request name's figures from a stored row, with its histograms left in their varint form: a reusable scratch
/// that <see cref="SliceSecondCodec.ReadRequests"/> refills for every name, so merging many rows allocates no
/// histograms. Add it to a <see cref="RequestStats"/> before the next name is read.
/// </summary>
public sealed class EncodedRequestStats
{
    private readonly Histogram latency = new();
    private readonly Histogram serviceTime = new();
    private readonly Histogram timeToFirstByte = new();
    private readonly Histogram connectTime = new();
    private readonly List<(string Name, Histogram Histogram)> vitals = [];
    private int vitalCount;

    public long Requests { get; internal set; }

    public long Failures { get; internal set; }

    public long BytesSent { get; internal set; }

    public long BytesReceived { get; internal set; }

    public long Checks { get; internal set; }

    public long ChecksFailed { get; internal set; }

    public Dictionary<string, long> StatusCodes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> FailureCategories { get; } = new(StringComparer.Ordinal);

    /// <summary>Screenshots of failed browser steps, in stored order.</summary>
    public List<string> Screenshots { get; } = [];

    /// <summary>How many Web Vitals histograms the name carries (browser steps only).</summary>
    public int VitalCount => vitalCount;

    public string VitalName(int index) => vitals[CheckVital(index)].Name;

    /// <summary>The varint form of the <paramref name="index"/>th Web Vital's histogram; valid until the next name is read.</summary>
    public ReadOnlySpan<byte> VitalRaw(int index) => vitals[CheckVital(index)].Histogram.Raw;

    /// <summary>Categories in the order they were stored, each with its samples in order.</summary>
    public List<(string Category, List<string> Samples)> FailureSamples { get; } = [];

    /// <summary>
    /// The latency histogram's varint form, checked when read (empty when none was stored); valid until the next name is read.
    /// </summary>
    public ReadOnlySpan<byte> LatencyRaw => latency.Raw;

    public ReadOnlySpan<byte> ServiceTimeRaw => serviceTime.Raw;

    public ReadOnlySpan<byte> TimeToFirstByteRaw => timeToFirstByte.Raw;

    public ReadOnlySpan<byte> ConnectTimeRaw => connectTime.Raw;

    internal Histogram Latency => latency;

    internal Histogram ServiceTime => serviceTime;

    internal Histogram TimeToFirstByte => timeToFirstByte;

    internal Histogram ConnectTime => connectTime;

    /// <summary>A buffer for the next Web Vital read, reused from earlier names.</summary>
    internal Histogram NextVital(string name)
    {
        if (vitalCount == vitals.Count)
        {
            vitals.Add((name, new Histogram()));
        }
        else
        {
            vitals[vitalCount] = (name, vitals[vitalCount].Histogram);
        }

        return vitals[vitalCount++].Histogram;
    }

    private int CheckVital(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, vitalCount);
        return index;
    }

    internal void Clear()
    {
        vitalCount = 0;
        Screenshots.Clear();
        Requests = Failures = BytesSent = BytesReceived = Checks = ChecksFailed = 0;
        StatusCodes.Clear();
        FailureCategories.Clear();
        FailureSamples.Clear();
        latency.Clear();
        serviceTime.Clear();
        timeToFirstByte.Clear();
        connectTime.Clear();
    }

    /// <summary>A growable buffer holding one histogram's bytes: base64 text copied in, then decoded in place.</summary>
    internal sealed class Histogram
    {
        private byte[] buffer = new byte[256];
        private int length;

        public ReadOnlySpan<byte> Raw => buffer.AsSpan(0, length);

        public Span<byte> Reserve(int size)
        {
            if (buffer.Length < size)
            {
                buffer = new byte[Math.Max(size, buffer.Length * 2)];
            }

            return buffer;
        }

        /// <summary>Decodes the <paramref name="base64Length"/> base64 bytes just copied into the buffer, in place.</summary>
        public void SetFromBase64(int base64Length)
        {
            var status = Base64.DecodeFromUtf8InPlace(buffer.AsSpan(0, base64Length), out var written);
            if (status != System.Buffers.OperationStatus.Done)
            {
                throw new FormatException("Histogram encoding is not base64.");
            }

            LatencyHistogram.Check(buffer.AsSpan(0, written));
            length = written;
        }

        public void Clear() => length = 0;
    }
}
