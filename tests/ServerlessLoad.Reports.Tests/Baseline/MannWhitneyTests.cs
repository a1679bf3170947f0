using FsCheck.Xunit;

namespace ServerlessLoad.Reports.Tests.Baseline;

public class MannWhitneyTests
{
    [Fact]
    public void The_tortoise_and_hare_race_gives_U_of_25_for_the_tortoise_and_11_for_the_hare()
    {
        // Finishing places of a race: T H H H H H T T T T T H. U of a sample counts the pairs where its value is larger.
        double[] tortoise = [1, 7, 8, 9, 10, 11];
        double[] hare = [2, 3, 4, 5, 6, 12];

        MannWhitney.Test(tortoise, hare).U.ShouldBe(25);
        MannWhitney.Test(hare, tortoise).U.ShouldBe(11);
        // Exact: 143 of the C(12,6) = 924 splits give the tortoise U >= 25, so p = 2 · 143/924 = 0.3095.
        MannWhitney.Test(tortoise, hare).PValue.ShouldBe(0.310, 0.0005);
        MannWhitney.Test(tortoise, hare).PValue.ShouldBe(MannWhitneyReference.ExactPValue(tortoise, hare), 1e-12);
    }

    [Fact]
    public void Completely_separated_samples_of_three_have_the_smallest_possible_p_of_one_tenth()
    {
        // Only 2 of the C(6,3) = 20 splits are as extreme: all three lowest, or all three highest.
        var result = MannWhitney.Test([1, 2, 3], [4, 5, 6]);

        result.U.ShouldBe(0);
        result.PValue.ShouldBe(0.1, 1e-12);
        result.Z.ShouldBeLessThan(0);
    }

    [Fact]
    public void Completely_separated_samples_of_four_have_p_of_2_in_70()
    {
        MannWhitney.Test([5, 6, 7, 8], [1, 2, 3, 4]).PValue.ShouldBe(2.0 / 70, 1e-12);
    }

    [Fact]
    public void The_Hollander_and_Wolfe_permeability_example_gives_U_35_and_p_0_254()
    {
        // A textbook example (also in R's wilcox.test help): W = 35, two-sided exact p = 0.2544.
        double[] x = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
        double[] y = [1.15, 0.88, 0.90, 0.74, 1.21];

        var result = MannWhitney.Test(x, y);

        result.U.ShouldBe(35);
        result.PValue.ShouldBe(0.254, 0.0005);
        result.PValue.ShouldBe(MannWhitneyReference.ExactPValue(x, y), 1e-12);
    }

    [Fact]
    public void Small_samples_with_ties_use_the_exact_distribution_given_the_ties()
    {
        // Enumerated over the C(9,4) = 126 splits: 10 give U <= 3, so p = 2 · 10/126 = 0.1587.
        double[] a = [1, 2, 2, 3];
        double[] b = [2, 3, 3, 4, 5];

        var result = MannWhitney.Test(a, b);

        result.U.ShouldBe(3);
        result.PValue.ShouldBe(0.159, 0.0005);
        result.PValue.ShouldBe(MannWhitneyReference.ExactPValue(a, b), 1e-12);
    }

    [Fact]
    public void Larger_samples_with_ties_use_the_normal_approximation_with_tie_and_continuity_corrections()
    {
        double[] a = [3, 5, 5, 6, 7, 7, 7, 8, 9, 9, 10, 11, 11, 12, 12, 13, 14, 15, 15, 16, 18, 19, 20, 21, 24];
        double[] b = [1, 2, 2, 3, 4, 4, 5, 5, 6, 6, 6, 7, 8, 8, 9, 9, 10, 10, 11, 12, 12, 13, 13, 14, 15, 16, 16, 17, 18, 20];

        var result = MannWhitney.Test(a, b);

        // By hand: n1 = 25, n2 = 30, U = 466 (counted pair by pair), mean 375; ties Σ(t³ − t) = 480, so
        // variance = 25·30/12 · (56 − 480/(55·54)) = 3489.899; z = (466 − 375 − 0.5)/59.0754 = 1.53194;
        // p = erfc(z/√2) = 0.125537.
        result.U.ShouldBe(MannWhitneyReference.U(a, b));
        result.U.ShouldBe(466);
        result.Z.ShouldBe(1.53194, 0.00001);
        result.PValue.ShouldBe(0.125537, 0.000001);
    }

    [Property(MaxTest = 60)]
    public void Exact_p_values_equal_a_full_enumeration_of_the_splits(int seed)
    {
        var random = new Random(seed);
        // Few distinct values, so ties are common.
        var a = Enumerable.Range(0, random.Next(1, 7)).Select(_ => (double)random.Next(0, 5)).ToList();
        var b = Enumerable.Range(0, random.Next(1, 7)).Select(_ => (double)random.Next(0, 5)).ToList();

        var result = MannWhitney.Test(a, b);

        result.U.ShouldBe(MannWhitneyReference.U(a, b));
        result.PValue.ShouldBe(MannWhitneyReference.ExactPValue(a, b), 1e-12);
    }

    [Property(MaxTest = 60)]
    public void Swapping_the_samples_keeps_the_p_value_and_mirrors_U_and_Z(int seed)
    {
        var random = new Random(seed);
        var a = Enumerable.Range(0, random.Next(1, 40)).Select(_ => (double)random.Next(0, 30)).ToList();
        var b = Enumerable.Range(0, random.Next(1, 40)).Select(_ => (double)random.Next(0, 30)).ToList();

        var forward = MannWhitney.Test(a, b);
        var backward = MannWhitney.Test(b, a);

        backward.PValue.ShouldBe(forward.PValue, 1e-12);
        backward.U.ShouldBe(a.Count * b.Count - forward.U);
        backward.Z.ShouldBe(-forward.Z, 1e-12);
        forward.PValue.ShouldBeGreaterThan(0);
        forward.PValue.ShouldBeLessThanOrEqualTo(1);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(50)]
    public void Identical_samples_have_a_p_value_of_1(int count)
    {
        var sample = Enumerable.Range(0, count).Select(i => i * 1.5).ToList();

        var result = MannWhitney.Test(sample, sample);

        result.U.ShouldBe(count * count / 2.0);
        result.Z.ShouldBe(0);
        result.PValue.ShouldBe(1);
    }

    [Theory]
    [InlineData(3, 4)]
    [InlineData(30, 40)]
    public void Samples_of_one_repeated_value_have_a_p_value_of_1(int first, int second)
    {
        var result = MannWhitney.Test(Enumerable.Repeat(7.0, first).ToList(), Enumerable.Repeat(7.0, second).ToList());

        result.Z.ShouldBe(0);
        result.PValue.ShouldBe(1);
    }

    [Fact]
    public void A_clearly_shifted_normal_sample_gives_p_below_one_in_a_thousand()
    {
        var random = new Random(42);
        var baseline = MannWhitneyReference.Normal(random, 60, mean: 100, sd: 10);
        var shifted = MannWhitneyReference.Normal(random, 60, mean: 110, sd: 10);

        var result = MannWhitney.Test(shifted, baseline);

        result.PValue.ShouldBeLessThan(0.001);
        result.Z.ShouldBeGreaterThan(3);
    }

    [Fact]
    public void Samples_from_one_distribution_give_p_above_five_percent_about_95_times_in_100()
    {
        var random = new Random(7);
        var above = Enumerable.Range(0, 200)
            .Count(_ => MannWhitney.Test(
                MannWhitneyReference.Normal(random, 60, mean: 100, sd: 10),
                MannWhitneyReference.Normal(random, 60, mean: 100, sd: 10)).PValue > 0.05);

        above.ShouldBeInRange(180, 200);
    }

    [Fact]
    public void Samples_from_one_distribution_with_a_fixed_seed_are_not_significant()
    {
        var random = new Random(2026);

        MannWhitney.Test(MannWhitneyReference.Normal(random, 60, 100, 10), MannWhitneyReference.Normal(random, 60, 100, 10))
            .PValue.ShouldBeGreaterThan(0.05);
    }

    [Fact]
    public void An_empty_sample_cannot_be_tested()
    {
        Should.Throw<ArgumentException>(() => MannWhitney.Test([], [1.0])).ParamName.ShouldBe("a");
        Should.Throw<ArgumentException>(() => MannWhitney.Test([1.0], [])).ParamName.ShouldBe("b");
    }

    [Fact]
    public void NaN_has_no_rank()
    {
        Should.Throw<ArgumentException>(() => MannWhitney.Test([1.0, double.NaN], [1.0]));
    }
}
