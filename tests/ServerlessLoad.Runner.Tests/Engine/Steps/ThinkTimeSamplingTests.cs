using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Runner.Tests.Engine.Steps;

/// <summary>The pauses VUs draw: within their bounds, and shaped as asked.</summary>
public sealed class ThinkTimeSamplingTests
{
    private const int Draws = 20_000;

    [Fact]
    public void Fixed_think_time_is_always_its_duration()
    {
        var random = new Random(1);

        Enumerable.Range(0, 100).Select(_ => ThinkTime.Fixed(TimeSpan.FromMilliseconds(250)).Sample(random)).Distinct()
            .ShouldBe([TimeSpan.FromMilliseconds(250)]);
    }

    [Fact]
    public void Uniform_think_time_stays_within_its_bounds_and_spreads_over_them()
    {
        var random = new Random(2);
        var think = ThinkTime.Uniform(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300));

        var samples = Enumerable.Range(0, Draws).Select(_ => think.Sample(random).TotalMilliseconds).ToList();

        samples.ShouldAllBe(ms => ms >= 100 && ms <= 300);
        samples.Min().ShouldBeLessThan(105);
        samples.Max().ShouldBeGreaterThan(295);
        samples.Average().ShouldBeInRange(197, 203);
    }

    [Fact]
    public void Normal_think_time_centres_on_its_mean_with_its_spread_and_is_never_negative()
    {
        var random = new Random(3);
        var think = ThinkTime.Normal(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(50));

        var samples = Enumerable.Range(0, Draws).Select(_ => think.Sample(random).TotalMilliseconds).ToList();
        var mean = samples.Average();
        var deviation = Math.Sqrt(samples.Average(ms => (ms - mean) * (ms - mean)));

        mean.ShouldBeInRange(198, 202);
        deviation.ShouldBeInRange(48, 52);
        samples.Count(ms => Math.Abs(ms - 200) <= 50).ShouldBeInRange((int)(Draws * 0.66), (int)(Draws * 0.71));
        ThinkTime.Normal(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(100)).Sample(random).ShouldBeGreaterThanOrEqualTo(TimeSpan.Zero);
        Enumerable.Range(0, 1000).Select(_ => ThinkTime.Normal(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(100)).Sample(random))
            .ShouldAllBe(t => t >= TimeSpan.Zero);
    }
}
