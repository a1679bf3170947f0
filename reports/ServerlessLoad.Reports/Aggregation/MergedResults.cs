using ServerlessLoad.Core.Results;

namespace ServerlessLoad.Reports;

/// <summary>
/// All rows of a run merged exactly: counts added, histograms added. Percentiles are computed from these merged
/// distributions only, never averaged.
/// </summary>
public sealed class MergedResults
{
    public required IReadOnlyDictionary<string, RequestStats> ByRequest { get; init; }

    public required RequestStats Totals { get; init; }

    /// <summary>
    /// One entry per second from the first to the last second with data, ordered, gaps filled with empty seconds (up
    /// to <see cref="Aggregation.MaxFilledSpanSeconds"/>), so the timeline has no holes and sums over it equal
    /// <see cref="Totals"/>.
    /// </summary>
    public required IReadOnlyList<SecondResults> Seconds { get; init; }

    /// <summary>Totals per slice index, from the rows (not from the slices' self-reported counters).</summary>
    public required IReadOnlyList<SliceTotals> Slices { get; init; }

    /// <summary>
    /// The time base for rates: last second minus first second plus one (at least 1). Seconds in which nothing was
    /// recorded still count as time, so an outage lowers the rate instead of vanishing from it.
    /// </summary>
    public required long MeasuredSeconds { get; init; }

    /// <summary>Per slice index, the seconds that hold a row and the attempt that wrote each, ordered by second.</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<StoredSecond>> StoredSeconds { get; init; } = new Dictionary<int, IReadOnlyList<StoredSecond>>();

    /// <summary>Per second, arrivals per scenario that found no free VU (seconds without drops are absent).</summary>
    public IReadOnlyDictionary<long, IReadOnlyDictionary<string, long>> DroppedArrivals { get; init; } =
        new Dictionary<long, IReadOnlyDictionary<string, long>>();

    /// <summary>Per slice index, the arrivals its generator dropped (slices without drops are absent).</summary>
    public IReadOnlyDictionary<int, long> DroppedArrivalsPerSlice { get; init; } = new Dictionary<int, long>();

    /// <summary>Per slice index, its generator's health over the seconds that carried a reading.</summary>
    public IReadOnlyDictionary<int, SliceHealthTotals> Health { get; init; } = new Dictionary<int, SliceHealthTotals>();

    public static MergedResults Empty { get; } = Aggregation.Merge([]);
}

/// <summary>One second of the run's timeline merged over all slices.</summary>
public sealed record SecondResults(
    long Second,
    RequestStats Totals,
    IReadOnlyDictionary<string, RequestStats> Requests,
    int ActiveVus);

/// <summary>A second of one slice that holds a row, and the attempt that wrote it.</summary>
public sealed record StoredSecond(long Second, int Attempt);

/// <summary>What the rows of one slice add up to.</summary>
public sealed record SliceTotals(int Slice, long Requests, long Failures, int Attempt, int SecondsWithData);
