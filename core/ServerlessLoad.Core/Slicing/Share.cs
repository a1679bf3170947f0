namespace ServerlessLoad.Core.Slicing;

/// <summary>
/// Exact split of a whole across N slices: slice i gets floor((i+1)T/N) - floor(iT/N), so the shares always sum to T
/// and never differ by more than one.
/// </summary>
public static class Share
{
    public static long Of(long total, int index, int count) => throw new NotImplementedException();

    public static int Of(int total, int index, int count) => (int)Of((long)total, index, count);

    /// <summary>Arrival k (0-based, in plan order) belongs to slice k mod N.</summary>
    public static bool OwnsArrival(long arrival, int index, int count) => throw new NotImplementedException();
}
