using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Runner.Engine;

/// <summary>Picks a scenario's request with probability weight / total weight.</summary>
internal sealed class WeightedPicker
{
    private readonly RequestSpec[] requests;
    private readonly int[] indexes;
    private readonly int[] cumulativeWeights;

    public WeightedPicker(IReadOnlyList<RequestSpec> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        indexes = Enumerable.Range(0, requests.Count).Where(i => requests[i].Weight > 0).ToArray();
        this.requests = indexes.Select(i => requests[i]).ToArray();
        cumulativeWeights = new int[this.requests.Length];
        var total = 0;
        for (var i = 0; i < this.requests.Length; i++)
        {
            total = checked(total + this.requests[i].Weight);
            cumulativeWeights[i] = total;
        }

        if (total == 0)
        {
            throw new ArgumentException("A scenario needs at least one request with a positive weight.", nameof(requests));
        }

        TotalWeight = total;
    }

    public int TotalWeight { get; }

    public RequestSpec Pick(Random random) => requests[PickSlot(random)];

    /// <summary>The picked request's position in the list the picker was made from.</summary>
    public int PickIndex(Random random) => indexes[PickSlot(random)];

    private int PickSlot(Random random)
    {
        if (requests.Length == 1)
        {
            return 0;
        }

        var ticket = random.Next(TotalWeight);
        var index = Array.BinarySearch(cumulativeWeights, ticket + 1);
        return index >= 0 ? index : ~index;
    }
}
