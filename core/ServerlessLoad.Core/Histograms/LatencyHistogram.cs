using System.Buffers;
using System.Numerics;

namespace ServerlessLoad.Core.Histograms;

/// <summary>
/// HDR-style log-linear histogram of latencies in microseconds with 3 significant digits. Every producer uses this one
/// fixed configuration, so histograms from any runner merge exactly by adding counts. Buckets are allocated on first
/// use: a typical latency distribution touches a handful of the 23 chunks, which keeps per-second histograms small.
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>One hour; larger values are clamped.</summary>
    public const long HighestTrackableMicros = 3_600_000_000;

    // 3 significant digits: values below 2 * 10^3 have unit resolution, so 2048 sub-buckets (11 bits), half of which
    // are shared with the previous bucket.
    private const int SubBucketCountMagnitude = 11;
    private const int SubBucketHalfCountMagnitude = SubBucketCountMagnitude - 1;
    private const int SubBucketCount = 1 << SubBucketCountMagnitude;
    private const int SubBucketHalfCount = 1 << SubBucketHalfCountMagnitude;
    private const long SubBucketMask = SubBucketCount - 1;
    private const int LeadingZeroCountBase = 64 - SubBucketCountMagnitude;
    private const int BucketCount = 22; // smallest k with 2048 * 2^(k-1) > HighestTrackableMicros
    private const int CountsLength = (BucketCount + 1) * SubBucketHalfCount;
    private const int ChunkBits = 7; // 128 counts (1 KiB) per chunk: sparse per-second histograms stay small
    private const int ChunkSize = 1 << ChunkBits;
    private const int EncodingVersion = 1;

    private readonly long[]?[] chunks = new long[]?[CountsLength / ChunkSize];
    private long totalCount;
    private long min = long.MaxValue;
    private long max;
    private long sum;
    private double sumOfSquares;

    public long TotalCount => totalCount;

    public long MinMicros => totalCount == 0 ? 0 : min;

    public long MaxMicros => max;

    public long SumMicros => sum;

    public double MeanMicros => totalCount == 0 ? 0 : (double)sum / totalCount;

    public double StdDevMicros
    {
        get
        {
            if (totalCount == 0)
            {
                return 0;
            }

            var mean = MeanMicros;
            var variance = (sumOfSquares / totalCount) - (mean * mean);
            return variance <= 0 ? 0 : Math.Sqrt(variance);
        }
    }

    public void RecordMicros(long micros) => RecordMicros(micros, 1);

    public void RecordMicros(long micros, long count)
    {
        if (count <= 0)
        {
            return;
        }

        var value = Math.Clamp(micros, 0, HighestTrackableMicros);
        var index = CountsIndex(value);
        (chunks[index >> ChunkBits] ??= new long[ChunkSize])[index & (ChunkSize - 1)] += count;
        totalCount += count;
        sum += value * count;
        sumOfSquares += (double)value * value * count;
        if (value < min)
        {
            min = value;
        }

        if (value > max)
        {
            max = value;
        }
    }

    public void Record(TimeSpan latency) => RecordMicros(latency.Ticks / TimeSpan.TicksPerMicrosecond);

    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.totalCount == 0)
        {
            return;
        }

        for (var c = 0; c < chunks.Length; c++)
        {
            if (other.chunks[c] is not { } source)
            {
                continue;
            }

            var target = chunks[c] ??= new long[ChunkSize];
            for (var i = 0; i < ChunkSize; i++)
            {
                target[i] += source[i];
            }
        }

        totalCount += other.totalCount;
        sum += other.sum;
        sumOfSquares += other.sumOfSquares;
        min = Math.Min(min, other.min);
        max = Math.Max(max, other.max);
    }

    /// <summary>
    /// Value (µs) at or below which <paramref name="percentile"/> (0..100) of recorded values lie: the highest value
    /// equivalent to the bucket holding that rank, capped by the exact maximum.
    /// </summary>
    public long ValueAtPercentile(double percentile)
    {
        if (totalCount == 0)
        {
            return 0;
        }

        var p = Math.Clamp(percentile, 0, 100);
        if (p == 0)
        {
            return MinMicros;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(p / 100.0 * totalCount));
        long seen = 0;
        foreach (var (index, count) in NonEmpty())
        {
            seen += count;
            if (seen >= rank)
            {
                return Math.Min(HighestEquivalent(ValueFromIndex(index)), max);
            }
        }

        return max;
    }

    /// <summary>Non-empty buckets, lowest first: the bucket's lowest equivalent value (µs) and its count.</summary>
    public IEnumerable<(long ValueMicros, long Count)> Buckets() =>
        NonEmpty().Select(e => (ValueFromIndex(e.Index), e.Count));

    /// <summary>
    /// Compact sparse encoding, base64 of varints: version, count, min, max, sum, sum of squares (IEEE bits), then
    /// (index delta, count) for each non-empty bucket.
    /// </summary>
    public string Encode()
    {
        if (totalCount == 0)
        {
            return string.Empty;
        }

        var buffer = new List<byte>(64);
        WriteVarint(buffer, EncodingVersion);
        WriteVarint(buffer, (ulong)totalCount);
        WriteVarint(buffer, (ulong)min);
        WriteVarint(buffer, (ulong)max);
        WriteVarint(buffer, (ulong)sum);
        WriteVarint(buffer, (ulong)BitConverter.DoubleToInt64Bits(sumOfSquares));
        var previous = 0;
        foreach (var (index, count) in NonEmpty())
        {
            WriteVarint(buffer, (ulong)(index - previous));
            WriteVarint(buffer, (ulong)count);
            previous = index;
        }

        return Convert.ToBase64String(buffer.ToArray());
    }

    public static LatencyHistogram Decode(string encoded)
    {
        var histogram = new LatencyHistogram();
        if (string.IsNullOrEmpty(encoded))
        {
            return histogram;
        }

        histogram.AddRaw(Convert.FromBase64String(encoded));
        return histogram;
    }

    /// <summary>
    /// Adds an encoded histogram (the text <see cref="Encode"/> returns) without materializing it: the same result as
    /// <c>Add(Decode(encoded))</c>, touching only the encoded buckets. Nothing is added when the encoding is invalid.
    /// </summary>
    public void AddEncoded(ReadOnlySpan<char> encoded)
    {
        if (encoded.IsEmpty)
        {
            return;
        }

        var rented = encoded.Length > 1024 ? ArrayPool<byte>.Shared.Rent(encoded.Length) : null;
        try
        {
            Span<byte> raw = rented ?? stackalloc byte[encoded.Length];
            if (!Convert.TryFromBase64Chars(encoded, raw, out var written))
            {
                throw new FormatException("Histogram encoding is not base64.");
            }

            AddRaw(raw[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Adds the varint form of an encoded histogram (its base64 decoded, see <see cref="Encode"/>), checked in full
    /// before anything is added, so an invalid encoding leaves this histogram unchanged. Empty adds nothing.
    /// </summary>
    public void AddRaw(ReadOnlySpan<byte> raw)
    {
        if (raw.IsEmpty)
        {
            return;
        }

        Check(raw);
        AddChecked(raw);
    }

    /// <summary>Throws <see cref="FormatException"/> unless <paramref name="raw"/> is a valid varint form (empty is).</summary>
    internal static void Check(ReadOnlySpan<byte> raw)
    {
        if (!raw.IsEmpty)
        {
            var header = ReadHeader(raw, out var position);
            CheckBuckets(raw[position..], header.Total);
        }
    }

    /// <summary>Adds a varint form that <see cref="Check"/> accepted: merging reads each once and adds it to several totals.</summary>
    internal void AddChecked(ReadOnlySpan<byte> raw)
    {
        if (raw.IsEmpty)
        {
            return;
        }

        var header = ReadHeader(raw, out var position);
        var buckets = raw[position..];
        if (header.Total == 0)
        {
            return;
        }

        var at = 0;
        var index = 0;
        while (at < buckets.Length)
        {
            index += (int)ReadVarint(buckets, ref at);
            var count = (long)ReadVarint(buckets, ref at);
            (chunks[index >> ChunkBits] ??= new long[ChunkSize])[index & (ChunkSize - 1)] += count;
        }

        totalCount += header.Total;
        sum += header.Sum;
        sumOfSquares += header.SumOfSquares;
        min = Math.Min(min, header.Min);
        max = Math.Max(max, header.Max);
    }

    public LatencyHistogram Copy()
    {
        var copy = new LatencyHistogram();
        copy.Add(this);
        return copy;
    }

    public void Reset()
    {
        Array.Clear(chunks);
        totalCount = 0;
        min = long.MaxValue;
        max = 0;
        sum = 0;
        sumOfSquares = 0;
    }

    /// <summary>Largest value that falls into the same bucket as <paramref name="micros"/>.</summary>
    public static long HighestEquivalent(long micros)
    {
        var bucket = BucketIndex(micros);
        var subBucket = (int)(micros >> bucket);
        var adjusted = subBucket >= SubBucketCount ? bucket + 1 : bucket;
        var lowest = (long)subBucket << bucket;
        return lowest + (1L << adjusted) - 1;
    }

    private IEnumerable<(int Index, long Count)> NonEmpty()
    {
        for (var c = 0; c < chunks.Length; c++)
        {
            if (chunks[c] is not { } chunk)
            {
                continue;
            }

            for (var i = 0; i < ChunkSize; i++)
            {
                if (chunk[i] != 0)
                {
                    yield return ((c << ChunkBits) + i, chunk[i]);
                }
            }
        }
    }

    private static int BucketIndex(long value) => LeadingZeroCountBase - BitOperations.LeadingZeroCount((ulong)(value | SubBucketMask));

    private static int CountsIndex(long value)
    {
        var bucket = BucketIndex(value);
        var subBucket = (int)(value >> bucket);
        return ((bucket + 1) << SubBucketHalfCountMagnitude) + (subBucket - SubBucketHalfCount);
    }

    private static long ValueFromIndex(int index)
    {
        var bucket = (index >> SubBucketHalfCountMagnitude) - 1;
        var subBucket = (index & (SubBucketHalfCount - 1)) + SubBucketHalfCount;
        if (bucket < 0)
        {
            subBucket -= SubBucketHalfCount;
            bucket = 0;
        }

        return (long)subBucket << bucket;
    }

    private static Header ReadHeader(ReadOnlySpan<byte> raw, out int position)
    {
        position = 0;
        var version = ReadVarint(raw, ref position);
        if (version != EncodingVersion)
        {
            throw new FormatException($"Unknown histogram encoding version {version}.");
        }

        var total = (long)ReadVarint(raw, ref position);
        var min = (long)ReadVarint(raw, ref position);
        var max = (long)ReadVarint(raw, ref position);
        var sum = (long)ReadVarint(raw, ref position);
        var sumOfSquares = BitConverter.Int64BitsToDouble((long)ReadVarint(raw, ref position));
        return new Header(total, min, max, sum, sumOfSquares);
    }

    private static void CheckBuckets(ReadOnlySpan<byte> buckets, long total)
    {
        var at = 0;
        var index = 0;
        long counted = 0;
        while (at < buckets.Length)
        {
            index += (int)ReadVarint(buckets, ref at);
            counted += (long)ReadVarint(buckets, ref at);
            if (index < 0 || index >= CountsLength)
            {
                throw new FormatException($"Histogram bucket index {index} is out of range.");
            }
        }

        if (counted != total)
        {
            throw new FormatException($"Histogram encoding is inconsistent: header says {total}, buckets hold {counted}.");
        }
    }

    private static void WriteVarint(List<byte> buffer, ulong value)
    {
        while (value >= 0x80)
        {
            buffer.Add((byte)(value | 0x80));
            value >>= 7;
        }

        buffer.Add((byte)value);
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> bytes, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= bytes.Length)
            {
                throw new FormatException("Histogram encoding is truncated.");
            }

            var b = bytes[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new FormatException("Histogram encoding has an overlong varint.");
    }

    private readonly record struct Header(long Total, long Min, long Max, long Sum, double SumOfSquares);
}
