namespace ServerlessLoad.Core.Results;

/// <summary>
/// A stored <see cref="SliceSecond"/> as the report's merge reads it: the keys it deduplicates by and the per-request
/// JSON still encoded (<see cref="SliceSecondCodec.EncodeRequests"/>), decoded straight into the merged totals.
/// </summary>
public sealed record EncodedSliceSecond
{
    public required int Slice { get; init; }

    public required int Attempt { get; init; }

    public required long Second { get; init; }

    /// <summary>Virtual users active at the end of the second.</summary>
    public int ActiveVus { get; init; }

    /// <summary>The per-request JSON in UTF-8; empty when the second recorded no requests.</summary>
    public required ReadOnlyMemory<byte> RequestsJson { get; init; }

    /// <summary>Dropped arrivals per scenario (<see cref="SliceSecondCodec.EncodeDropped"/>); null when none were dropped.</summary>
    public string? DroppedJson { get; init; }

    /// <summary>The generator's health (<see cref="SliceSecondCodec.EncodeHealth"/>); null in rows without a reading.</summary>
    public string? HealthJson { get; init; }
}
