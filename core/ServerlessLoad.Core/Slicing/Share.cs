namespace ServerlessLoad.Core.Slicing;

/// <summary>
/// Exact split of a whole across N slices: slice i gets floor((i+1)T/N) - floor(iT/N), so the shares always sum to T
/// and never differ by more than one. A slice needs only (total, index, count) to know its share.
/// </summary>
public static class Share
{
    public static long Of(long total, int index, int count)
    {
        Validate(index, count);
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        return Floor(total, index + 1, count) - Floor(total, index, count);
    }

    public static int Of(int total, int index, int count) => (int)Of((long)total, index, count);

    /// <summary>Arrival k (0-based, in plan order) belongs to slice k mod N.</summary>
    public static bool OwnsArrival(long arrival, int index, int count)
    {
        Validate(index, count);
        ArgumentOutOfRangeException.ThrowIfNegative(arrival);
        return arrival % count == index;
    }

    // Int128 keeps total * i exact for any long total and int slice count.
    private static long Floor(long total, int i, int count) => (long)((Int128)total * i / count);

    private static void Validate(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
    }
}
