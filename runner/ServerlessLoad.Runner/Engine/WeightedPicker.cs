using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Runner.Engine;

/// <summary>Picks a scenario's request with probability weight / total weight.</summary>
internal sealed class WeightedPicker
{
    private readonly RequestSpec[] requests;
    private readonly int[] cumulativeWeights;

    public WeightedPicker(IReadOnlyList<RequestSpec> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        this.requests = requests.Where(r => r.Weight > 0).ToArray();
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

    public RequestSpec Pick(Random random)
    {
        var ticket = random.Next(TotalWeight);
        var index = Array.BinarySearch(cumulativeWeights, ticket + 1);
        return requests[index >= 0 ? index : ~index];
    }
}
