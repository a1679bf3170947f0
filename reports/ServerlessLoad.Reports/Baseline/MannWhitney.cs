namespace ServerlessLoad.Reports;

/// <summary>
/// The Mann-Whitney U test (Wilcoxon rank-sum test), two-sided: do values of one sample tend to be larger than the
/// other's? Ties get midranks. When both samples hold at most <see cref="ExactLimit"/> values the p-value comes from the
/// exact permutation distribution of the rank sum given the observed ties; otherwise from the normal approximation with
/// tie and continuity corrections.
/// </summary>
/// <remarks>
/// The test assumes independent observations. Per-second values of a load test are autocorrelated, so p-values on
/// them are somewhat optimistic; that is why a regression must also exceed the tolerance before it counts.
/// </remarks>
public static class MannWhitney
{
    public const int ExactLimit = 20;

    /// <returns>
    /// <c>U</c>: the statistic of <paramref name="a"/>, the number of pairs (x from a, y from b) with x &gt; y, ties
    /// counting one half (b's statistic is n1·n2 − U). <c>Z</c>: the continuity-corrected normal score, positive when
    /// a tends to be larger, 0 when every value is tied. <c>PValue</c>: two-sided, in (0, 1]; 1 for identical samples.
    /// Swapping a and b gives the same p-value.
    /// </returns>
    /// <exception cref="ArgumentException">A sample is empty or holds NaN.</exception>
    public static (double U, double Z, double PValue) Test(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count == 0 || b.Count == 0)
        {
            throw new ArgumentException("Both samples need at least one value.", a.Count == 0 ? nameof(a) : nameof(b));
        }

        var ranked = Rank(a, b);
        long n1 = a.Count, n2 = b.Count, n = n1 + n2;
        var u = ranked.DoubledRankSumOfA / 2.0 - n1 * (n1 + 1) / 2.0;

        var mean = n1 * n2 / 2.0;
        var variance = n1 * n2 / 12.0 * (n + 1 - ranked.TieTerm / (n * (n - 1.0)));
        var z = variance > 0
            ? Math.Sign(u - mean) * Math.Max(0, Math.Abs(u - mean) - 0.5) / Math.Sqrt(variance)
            : 0;

        var p = n1 <= ExactLimit && n2 <= ExactLimit
            ? ExactPValue(ranked.DoubledRanks, (int)n1, ranked.DoubledRankSumOfA)
            : NormalDistribution.TwoSidedPValue(z);
        return (u, z, p);
    }

    /// <summary>
    /// Midranks of the pooled values, doubled so they stay integers (a tie over positions i..j has midrank (i+j)/2),
    /// and the tie term Σ(t³ − t) over groups of t tied values.
    /// </summary>
    private static Ranked Rank(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var pooled = new (double Value, bool FromA)[a.Count + b.Count];
        for (var i = 0; i < a.Count; i++)
        {
            pooled[i] = (Checked(a[i], nameof(a)), true);
        }

        for (var i = 0; i < b.Count; i++)
        {
            pooled[a.Count + i] = (Checked(b[i], nameof(b)), false);
        }

        Array.Sort(pooled, (x, y) => x.Value.CompareTo(y.Value));

        var doubledRanks = new long[pooled.Length];
        long doubledRankSumOfA = 0;
        double tieTerm = 0;
        for (var start = 0; start < pooled.Length;)
        {
            var end = start;
            while (end + 1 < pooled.Length && pooled[end + 1].Value == pooled[start].Value)
            {
                end++;
            }

            // 1-based positions start+1..end+1, doubled midrank = (start+1) + (end+1).
            long doubledMidrank = start + end + 2;
            for (var i = start; i <= end; i++)
            {
                doubledRanks[i] = doubledMidrank;
                if (pooled[i].FromA)
                {
                    doubledRankSumOfA += doubledMidrank;
                }
            }

            double tied = end - start + 1;
            tieTerm += tied * tied * tied - tied;
            start = end + 1;
        }

        return new Ranked(doubledRanks, doubledRankSumOfA, tieTerm);
    }

    private static double Checked(double value, string sample) =>
        double.IsNaN(value) ? throw new ArgumentException("A sample holds NaN, which has no rank.", sample) : value;

    /// <summary>
    /// Counts, over all C(n, n1) ways to pick which pooled values belong to a, how many give each doubled rank sum; the
    /// p-value doubles the smaller tail at the observed sum. Counts stay below C(40, 20) ≈ 1.4e11, exact in a double.
    /// </summary>
    private static double ExactPValue(long[] doubledRanks, int n1, long observed)
    {
        var maxSum = (int)doubledRanks.OrderDescending().Take(n1).Sum();
        var ways = new double[n1 + 1, maxSum + 1];
        ways[0, 0] = 1;
        for (var item = 0; item < doubledRanks.Length; item++)
        {
            var rank = (int)doubledRanks[item];
            for (var picked = Math.Min(item + 1, n1); picked >= 1; picked--)
            {
                for (var sum = maxSum - rank; sum >= 0; sum--)
                {
                    ways[picked, sum + rank] += ways[picked - 1, sum];
                }
            }
        }

        double total = 0, atMost = 0, atLeast = 0;
        for (var sum = 0; sum <= maxSum; sum++)
        {
            var count = ways[n1, sum];
            total += count;
            if (sum <= observed)
            {
                atMost += count;
            }

            if (sum >= observed)
            {
                atLeast += count;
            }
        }

        return Math.Min(1.0, 2 * Math.Min(atMost, atLeast) / total);
    }

    private sealed record Ranked(long[] DoubledRanks, long DoubledRankSumOfA, double TieTerm);
}
