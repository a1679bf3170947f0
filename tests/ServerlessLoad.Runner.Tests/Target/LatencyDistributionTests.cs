using ServerlessLoad.Cli.Target;

namespace ServerlessLoad.Runner.Tests.Target;

public sealed class LatencyDistributionTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void Parses_fixed() =>
        LatencyDistribution.Parse("fixed:10ms").ShouldBe(new LatencyDistribution.Fixed(Ms(10)));

    [Fact]
    public void Parses_uniform() =>
        LatencyDistribution.Parse("uniform:5ms-25ms").ShouldBe(new LatencyDistribution.Uniform(Ms(5), Ms(25)));

    [Fact]
    public void Parses_normal() =>
        LatencyDistribution.Parse("normal:mean=20ms,sd=5ms").ShouldBe(new LatencyDistribution.Normal(Ms(20), Ms(5)));

    [Fact]
    public void Parses_lognormal() =>
        LatencyDistribution.Parse("lognormal:median=20ms,sigma=0.5").ShouldBe(new LatencyDistribution.LogNormal(Ms(20), 0.5));

    [Fact]
    public void Parses_exponential() =>
        LatencyDistribution.Parse("exponential:mean=10ms").ShouldBe(new LatencyDistribution.Exponential(Ms(10)));

    [Theory]
    [InlineData("fixed:1.5s", 1500)]
    [InlineData("fixed:250us", 0.25)]
    [InlineData(" FIXED : 7ms ", 7)]
    public void Parses_other_units_and_tolerates_case_and_spaces(string text, double expectedMs) =>
        LatencyDistribution.Parse(text).ShouldBe(new LatencyDistribution.Fixed(Ms(expectedMs)));

    [Fact]
    public void The_default_is_uniform_from_5_to_25_ms() =>
        LatencyDistribution.Default.ShouldBe(new LatencyDistribution.Uniform(Ms(5), Ms(25)));

    [Theory]
    [InlineData("fixed:10ms")]
    [InlineData("uniform:5ms-25ms")]
    [InlineData("normal:mean=20ms,sd=5ms")]
    [InlineData("lognormal:median=20ms,sigma=0.5")]
    [InlineData("exponential:mean=10ms")]
    public void Its_text_form_parses_back_to_the_same_distribution(string text)
    {
        var parsed = LatencyDistribution.Parse(text);

        LatencyDistribution.Parse(parsed.ToString()).ShouldBe(parsed);
    }

    [Theory]
    [InlineData("10ms", "expected KIND:PARAMETERS")]
    [InlineData("gamma:10ms", "unknown distribution 'gamma'")]
    [InlineData("fixed:10", "needs a unit")]
    [InlineData("fixed:-5ms", "not a non-negative number")]
    [InlineData("fixed:tenms", "not a non-negative number")]
    [InlineData("uniform:25ms", "uniform needs MIN-MAX")]
    [InlineData("uniform:25ms-5ms", "above its maximum")]
    [InlineData("normal:mean=20ms", "missing parameter 'sd'")]
    [InlineData("normal:mean=20ms,sd=5ms,skew=1", "unknown parameter 'skew'")]
    [InlineData("normal:20ms", "is not NAME=VALUE")]
    [InlineData("lognormal:median=20ms,sigma=-1", "sigma '-1' is not a non-negative number")]
    [InlineData("lognormal:median=0ms,sigma=1", "median must be above zero")]
    [InlineData("exponential:mean=0ms", "mean must be above zero")]
    [InlineData("fixed:1000s", "above 5 minutes")]
    public void Rejects_malformed_text_with_a_message_naming_the_problem(string text, string reason)
    {
        var error = Should.Throw<FormatException>(() => LatencyDistribution.Parse(text));

        error.Message.ShouldContain($"'{text}'");
        error.Message.ShouldContain(reason);
        LatencyDistribution.TryParse(text, out var distribution).ShouldBeFalse();
        distribution.ShouldBeNull();
    }

    [Fact]
    public void Fixed_always_samples_its_value()
    {
        var samples = Draw("fixed:10ms", 100);

        samples.ShouldAllBe(s => s == Ms(10));
    }

    [Fact]
    public void Uniform_samples_stay_within_bounds_and_spread_over_them()
    {
        var samples = Draw("uniform:5ms-25ms", 10_000);

        samples.ShouldAllBe(s => s >= Ms(5) && s <= Ms(25));
        samples.Min().ShouldBeLessThan(Ms(6));
        samples.Max().ShouldBeGreaterThan(Ms(24));
        samples.Average(s => s.TotalMilliseconds).ShouldBe(15, tolerance: 0.5);
    }

    [Fact]
    public void Normal_samples_are_clamped_at_zero_and_centred_on_the_mean()
    {
        var clamped = Draw("normal:mean=1ms,sd=5ms", 10_000);
        var centred = Draw("normal:mean=20ms,sd=5ms", 10_000);

        clamped.ShouldAllBe(s => s >= TimeSpan.Zero);
        clamped.Count(s => s == TimeSpan.Zero).ShouldBeGreaterThan(3_000);
        centred.Average(s => s.TotalMilliseconds).ShouldBe(20, tolerance: 0.5);
    }

    [Fact]
    public void Lognormal_samples_are_positive_with_half_below_the_median()
    {
        var samples = Draw("lognormal:median=20ms,sigma=0.5", 10_000);

        samples.ShouldAllBe(s => s > TimeSpan.Zero);
        samples.Count(s => s < Ms(20)).ShouldBeInRange(4_700, 5_300);
    }

    [Fact]
    public void Exponential_samples_are_non_negative_around_the_mean()
    {
        var samples = Draw("exponential:mean=10ms", 10_000);

        samples.ShouldAllBe(s => s >= TimeSpan.Zero && s <= LatencyDistribution.MaxSample);
        samples.Average(s => s.TotalMilliseconds).ShouldBe(10, tolerance: 0.5);
    }

    [Fact]
    public void The_same_seed_draws_the_same_samples() =>
        Draw("lognormal:median=20ms,sigma=0.5", 50, seed: 7).ShouldBe(Draw("lognormal:median=20ms,sigma=0.5", 50, seed: 7));

    private static List<TimeSpan> Draw(string text, int count, int seed = 42)
    {
        var distribution = LatencyDistribution.Parse(text);
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => distribution.Sample(random)).ToList();
    }
}
