namespace ServerlessLoad.Reports.Tests.Baseline;

/// <summary>
/// The Mann-Whitney statistic and exact p-value the slow, obvious way, to check <see cref="MannWhitney"/> against:
/// U counts pairs directly, and the p-value enumerates every way to split the pooled values into two samples.
/// </summary>
internal static class MannWhitneyReference
{
    public static double U(IReadOnlyList<double> a, IReadOnlyList<double> b) =>
        a.Sum(x => b.Sum(y => x > y ? 1.0 : x == y ? 0.5 : 0.0));

    /// <summary>Two-sided: twice the smaller tail of U over all C(n, n1) splits, at most 1.</summary>
    public static double ExactPValue(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var pooled = a.Concat(b).ToArray();
        var observed = U(a, b);
        int atMost = 0, atLeast = 0, total = 0;
        foreach (var chosen in Subsets(pooled.Length, a.Count))
        {
            var first = chosen.Select(i => pooled[i]).ToList();
            var second = Enumerable.Range(0, pooled.Length).Except(chosen).Select(i => pooled[i]).ToList();
            var u = U(first, second);
            total++;
            atMost += u <= observed ? 1 : 0;
            atLeast += u >= observed ? 1 : 0;
        }

        return Math.Min(1.0, 2.0 * Math.Min(atMost, atLeast) / total);
    }

    private static IEnumerable<int[]> Subsets(int n, int k)
    {
        var indices = Enumerable.Range(0, k).ToArray();
        while (true)
        {
            yield return (int[])indices.Clone();
            var i = k - 1;
            while (i >= 0 && indices[i] == n - k + i)
            {
                i--;
            }

            if (i < 0)
            {
                yield break;
            }

            indices[i]++;
            for (var j = i + 1; j < k; j++)
            {
                indices[j] = indices[j - 1] + 1;
            }
        }
    }

    /// <summary>Normally distributed values (Box-Muller) from a seeded generator.</summary>
    public static List<double> Normal(Random random, int count, double mean, double sd) =>
        Enumerable.Range(0, count)
            .Select(_ => mean + sd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))
            .ToList();
}
