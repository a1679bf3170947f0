using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Core.Tests.Plans;

/// <summary>A shared load is apportioned to weighted scenarios exactly: the shares always add up to the whole.</summary>
public class WeightedLoadTests
{
    [Theory]
    [InlineData(12, new[] { 1, 2, 3 }, new long[] { 2, 4, 6 })]
    [InlineData(5, new[] { 1, 2, 3 }, new long[] { 0, 2, 3 })]
    [InlineData(10, new[] { 1, 1, 1 }, new long[] { 3, 3, 4 })]
    [InlineData(0, new[] { 4, 1 }, new long[] { 0, 0 })]
    [InlineData(7, new[] { 9 }, new long[] { 7 })]
    public void Splits_a_total_by_prefix_sums_of_the_weights(long total, int[] weights, long[] expected) =>
        Enumerable.Range(0, weights.Length).Select(i => WeightedLoad.ShareOf(total, weights, i)).ShouldBe(expected);

    [Property(MaxTest = 300)]
    public Property Every_quantity_of_any_load_adds_up_to_the_whole_at_every_stage_boundary() =>
        Prop.ForAll(Loads().ToArbitrary(), Weights().ToArbitrary(), (load, weights) =>
        {
            var shares = Enumerable.Range(0, weights.Length).Select(i => WeightedLoad.Apply(load, Weighted(i), weights, i)).ToList();

            shares.Sum(s => s.Vus).ShouldBe(load.Vus);
            shares.Sum(s => s.Rate).ShouldBe(load.Rate);
            shares.Sum(s => s.StartRate).ShouldBe(load.StartRate);
            shares.Sum(s => s.StartVus).ShouldBe(load.StartVus);
            shares.Sum(s => s.PreAllocatedVus).ShouldBe(load.PreAllocatedVus);
            shares.Sum(s => s.MaxVus).ShouldBe(load.MaxVus);
            shares.Sum(s => s.Connections ?? 0).ShouldBe(load.Connections ?? 0);
            shares.ShouldAllBe(s => (s.Connections == null) == (load.Connections == null));
            for (var stage = 0; stage < load.Stages.Count; stage++)
            {
                shares.Sum(s => s.Stages[stage].Target).ShouldBe(load.Stages[stage].Target);
                shares.ShouldAllBe(s => s.Stages[stage].Duration == load.Stages[stage].Duration);
            }

            var totalIterations = shares.Sum(s => load.Executor == Executors.PerVuIterations ? (long)s.Vus * s.Iterations : s.Iterations);
            totalIterations.ShouldBe(load.Executor == Executors.PerVuIterations ? (long)load.Vus * load.Iterations : load.Iterations);
            shares.ShouldAllBe(s => s.Executor == load.Executor && s.Duration == load.Duration && s.MaxDuration == load.MaxDuration
                && s.TimeUnit == load.TimeUnit && s.StartTime == load.StartTime && s.GracefulStop == load.GracefulStop && s.Length == load.Length);
            shares.Select(s => s.Weight).ShouldBe(weights.Select(w => (int?)w));
        });

    [Fact]
    public void A_share_keeps_its_own_name_work_and_options()
    {
        var weighted = Weighted(1) with { ThinkTime = ThinkTime.Fixed(TimeSpan.FromSeconds(1)), Cookies = true };

        var share = WeightedLoad.Apply(ConstantVus(10), weighted, [1, 4], 1);

        (share.Name, share.Vus, share.Weight, share.Cookies, share.ThinkTime).ShouldBe(("w1", 8, (int?)4, true, ThinkTime.Fixed(TimeSpan.FromSeconds(1))));
        share.Requests.ShouldBe(weighted.Requests);
    }

    [Fact]
    public void Per_vu_iterations_share_the_vus_and_keep_the_iterations_of_each_vu()
    {
        var load = ConstantVus(10) with { Executor = Executors.PerVuIterations, Iterations = 7 };

        var share = WeightedLoad.Apply(load, Weighted(0), [3, 2], 0);

        (share.Vus, share.Iterations).ShouldBe((6, 7));
    }

    [Theory]
    [InlineData(new[] { 1, 9 }, 0, 1, 10)]
    [InlineData(new[] { 1, 1 }, 0, 1, 2)]
    [InlineData(new[] { 1, 1 }, 1, 1, 1)]
    [InlineData(new[] { 5, 1, 4 }, 1, 1, 9)]
    [InlineData(new[] { 1, 1 }, 0, 3, 6)]
    public void The_smallest_total_is_where_the_share_reaches_the_wanted_count_for_good(int[] weights, int index, long wanted, long expected) =>
        WeightedLoad.SmallestTotalGiving(wanted, weights, index).ShouldBe(expected);

    [Property(MaxTest = 300)]
    public Property From_the_smallest_total_on_every_total_gives_at_least_the_wanted_share_and_the_total_before_it_does_not()
    {
        var gen =
            from weights in Weights()
            from index in Gen.Choose(0, weights.Length - 1)
            from wanted in Gen.Choose(1, 50)
            select (weights, index, wanted);
        return Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (weights, index, wanted) = input;
            var smallest = WeightedLoad.SmallestTotalGiving(wanted, weights, index);
            var span = weights.Sum() * 2;
            for (var total = smallest; total < smallest + span; total++)
            {
                WeightedLoad.ShareOf(total, weights, index).ShouldBeGreaterThanOrEqualTo(wanted, $"total {total}");
            }

            WeightedLoad.ShareOf(smallest - 1, weights, index).ShouldBeLessThan(wanted);
        });
    }

    [Fact]
    public void A_share_without_vus_says_the_smallest_vus_that_give_it_one()
    {
        var weights = new[] { 1, 9 };

        var shortfall = WeightedLoad.Shortfalls(WeightedLoad.Apply(ConstantVus(5), Weighted(0), weights, 0), ConstantVus(5), weights, 0, slices: 1).Single();

        shortfall.ShouldBe(new WeightedShortfall("vus", "gets no VUs from weight 1 of 10 (the load's vus: 5): vus of at least 10 give it one"));
    }

    [Fact]
    public void A_shared_iterations_share_with_fewer_iterations_than_vus_says_how_many_iterations_are_enough()
    {
        var load = ConstantVus(6) with { Executor = Executors.SharedIterations, Iterations = 7 };
        int[] weights = [3, 2, 5];

        var share = WeightedLoad.Apply(load, Weighted(1), weights, 1);
        var shortfall = WeightedLoad.Shortfalls(share, load, weights, 1, slices: 1).Single();

        (share.Vus, share.Iterations).ShouldBe((2, 1));
        shortfall.ShouldBe(new WeightedShortfall("iterations",
            "gets 1 iterations for 2 VUs from weight 2 of 10, and every VU needs one: iterations of at least 8 give it enough"));
    }

    [Fact]
    public void An_arrival_share_needs_a_rate_and_a_vu_for_every_slice()
    {
        var load = ConstantVus(0) with { Executor = Executors.ConstantArrivalRate, Rate = 3, PreAllocatedVus = 4, MaxVus = 4, Connections = 4 };
        var weights = new[] { 1, 3 };

        var shortfalls = WeightedLoad.Shortfalls(WeightedLoad.Apply(load, Weighted(0), weights, 0), load, weights, 0, slices: 2);

        shortfalls.Select(s => s.Field).ShouldBe(["rate", "maxVUs", "connections"]);
        shortfalls[0].Message.ShouldContain("a rate of at least 4 gives it one");
        shortfalls[1].Message.ShouldContain("gets 1 maxVUs from weight 1 of 4 (the load's maxVUs: 4) and each of the plan's 2 slices needs one: maxVUs of at least 8");
    }

    [Fact]
    public void A_ramping_share_that_never_gets_a_vu_is_a_shortfall_but_one_that_gets_one_at_a_peak_is_not()
    {
        var load = ConstantVus(0) with
        {
            Executor = Executors.RampingVus,
            StartVus = 0,
            Stages = [new Stage(TimeSpan.FromSeconds(10), 3), new Stage(TimeSpan.FromSeconds(10), 0)],
        };
        int[] weights = [1, 1, 2];

        var first = WeightedLoad.Shortfalls(WeightedLoad.Apply(load, Weighted(0), weights, 0), load, weights, 0, 1);
        var last = WeightedLoad.Shortfalls(WeightedLoad.Apply(load, Weighted(2), weights, 2), load, weights, 2, 1);

        first.Single().Message.ShouldBe("never gets a VU from weight 1 of 4 (the load peaks at 3 VUs): a peak of at least 4 VUs gives it one");
        last.ShouldBeEmpty();
    }

    private static Scenario ConstantVus(int vus) => new()
    {
        Name = string.Empty,
        Requests = [],
        Vus = vus,
        Duration = TimeSpan.FromMinutes(1),
    };

    private static Scenario Weighted(int i) => new()
    {
        Name = "w" + i,
        Requests = [new RequestSpec { Name = "r" + i, Target = "default", Path = "/" + i }],
    };

    private static Gen<int[]> Weights() =>
        Gen.NonEmptyListOf(Gen.Choose(1, 10_000)).Select(list => list.Take(12).ToArray());

    /// <summary>Loads of every executor with random counts (0 where the readers allow it) and timings.</summary>
    private static Gen<Scenario> Loads()
    {
        var count = Gen.Choose(0, 1_000_000_000);
        var stages = Gen.NonEmptyListOf(
                from seconds in Gen.Choose(0, 3600)
                from target in Gen.Choose(0, 10_000_000)
                select new Stage(TimeSpan.FromSeconds(seconds), target))
            .Select(list => (IReadOnlyList<Stage>)[.. list.Take(8)]);
        return
            from executor in Gen.Elements([.. Executors.All])
            from vus in Gen.Choose(0, 100_000)
            from iterations in count
            from rate in Gen.Choose(0, 10_000_000)
            from startRate in Gen.Choose(0, 10_000_000)
            from pre in Gen.Choose(0, 100_000)
            from max in Gen.Choose(0, 100_000)
            from startVus in Gen.Choose(0, 100_000)
            from ramp in stages
            from connections in Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(1, 100_000).Select(c => (int?)c))
            from seconds in Gen.Choose(1, 86_400)
            from start in Gen.Choose(0, 600)
            select new Scenario
            {
                Name = string.Empty,
                Requests = [],
                Executor = executor,
                Vus = vus,
                Iterations = iterations,
                Duration = TimeSpan.FromSeconds(seconds),
                MaxDuration = TimeSpan.FromSeconds(seconds + 1),
                Rate = rate,
                StartRate = startRate,
                TimeUnit = TimeSpan.FromMilliseconds(seconds),
                PreAllocatedVus = pre,
                MaxVus = max,
                StartVus = startVus,
                Stages = ramp,
                Connections = connections,
                StartTime = TimeSpan.FromSeconds(start),
                GracefulStop = TimeSpan.FromSeconds(start + 1),
            };
    }
}
