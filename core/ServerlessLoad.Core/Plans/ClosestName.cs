namespace ServerlessLoad.Core.Plans;

/// <summary>Finds the known name a mistyped one most likely meant, for "did you mean" hints.</summary>
internal static class ClosestName
{
    /// <summary>The closest candidate within a small edit distance (case-insensitive), or null when none is close.</summary>
    public static string? Find(string typed, IEnumerable<string> candidates)
    {
        if (typed.Length > 64)
        {
            return null;
        }

        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(typed.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        // One edit for short names, up to a third of the name for longer ones: close enough to be a typo.
        var allowed = Math.Max(1, Math.Min(3, typed.Length / 3));
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>" (did you mean 'x'?)"-style suffix, or an empty string.</summary>
    public static string Hint(string typed, IEnumerable<string> candidates) =>
        Find(typed, candidates) is { } match ? $", did you mean '{match}'?" : "";

    /// <summary>Levenshtein distance with adjacent transpositions counted as one edit.</summary>
    internal static int Distance(string a, string b)
    {
        var rows = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            rows[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            rows[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var best = Math.Min(Math.Min(rows[i - 1, j] + 1, rows[i, j - 1] + 1), rows[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    best = Math.Min(best, rows[i - 2, j - 2] + 1);
                }

                rows[i, j] = best;
            }
        }

        return rows[a.Length, b.Length];
    }
}
