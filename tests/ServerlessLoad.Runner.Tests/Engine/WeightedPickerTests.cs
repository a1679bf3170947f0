using ServerlessLoad.Runner.Engine;
using ServerlessLoad.Runner.Tests.Support;

namespace ServerlessLoad.Runner.Tests.Engine;

public sealed class WeightedPickerTests
{
    [Fact]
    public void Picks_requests_in_proportion_to_their_weights()
    {
        var picker = new WeightedPicker([TestPlans.Get("a", "/a", weight: 3), TestPlans.Get("b", "/b", weight: 1), TestPlans.Get("never", "/n", weight: 0)]);
        var random = new Random(1);

        var counts = Enumerable.Range(0, 40_000).Select(_ => picker.Pick(random).Name).CountBy(n => n).ToDictionary();

        counts.Keys.ShouldBe(["a", "b"], ignoreOrder: true);
        counts["a"].ShouldBeInRange(29_400, 30_600);
        counts["b"].ShouldBeInRange(9_400, 10_600);
    }

    [Fact]
    public void A_scenario_whose_weights_are_all_zero_is_rejected() =>
        Should.Throw<ArgumentException>(() => new WeightedPicker([TestPlans.Get("a", "/a", weight: 0)]));
}
