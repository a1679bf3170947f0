namespace ServerlessLoad.Reports.Charts;

/// <summary>
/// Shrinks a long series for drawing while keeping what a reader looks for: each of <c>maxPoints / 2</c> equal buckets
/// keeps its lowest and its highest point, in time order, so spikes and dips survive any amount of reduction.
/// </summary>
public static class Downsampler
{
    /// <summary>More points than a 1200 px wide chart can show apart.</summary>
    public const int MaxPoints = 1200;

    public static IReadOnlyList<ChartPoint> MinMax(IReadOnlyList<ChartPoint> points, int maxPoints = MaxPoints)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 2);
        if (points.Count <= maxPoints)
        {
            return points;
        }

        var buckets = maxPoints / 2;
        var kept = new List<ChartPoint>(maxPoints);
        for (var bucket = 0; bucket < buckets; bucket++)
        {
            var start = (int)((long)bucket * points.Count / buckets);
            var end = (int)((long)(bucket + 1) * points.Count / buckets);
            int lowest = -1, highest = -1;
            for (var i = start; i < end; i++)
            {
                var y = points[i].Y;
                if (double.IsNaN(y))
                {
                    continue;
                }

                if (lowest < 0 || y < points[lowest].Y)
                {
                    lowest = i;
                }

                if (highest < 0 || y > points[highest].Y)
                {
                    highest = i;
                }
            }

            if (lowest < 0)
            {
                // A bucket with nothing measured stays a gap.
                kept.Add(points[start]);
                continue;
            }

            kept.Add(points[Math.Min(lowest, highest)]);
            if (lowest != highest)
            {
                kept.Add(points[Math.Max(lowest, highest)]);
            }
        }

        return kept;
    }
}
