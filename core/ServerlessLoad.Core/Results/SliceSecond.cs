namespace ServerlessLoad.Core.Results;

/// <summary>
/// What one slice measured during one second of the run's timeline (second 0 starts at the run's startAt).
/// Keyed by (runId, slice, second): a second is written by exactly one attempt, so nothing is counted twice.
/// </summary>
public sealed record SliceSecond
{
    public required string RunId { get; init; }

    public required int Slice { get; init; }

    public required int Attempt { get; init; }

    public required long Second { get; init; }

    /// <summary>Virtual users active at the end of the second.</summary>
    public int ActiveVus { get; init; }

    public required IReadOnlyDictionary<string, RequestStats> Requests { get; init; }

    /// <summary>Arrivals per scenario name that found no free VU in this second and were not started.</summary>
    public IReadOnlyDictionary<string, long> DroppedArrivals { get; init; } = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>How the load generator itself fared during the second; null in rows written before it was measured.</summary>
    public GeneratorHealth? Health { get; init; }

    public long TotalRequests => Requests.Values.Sum(r => r.Requests);
}
