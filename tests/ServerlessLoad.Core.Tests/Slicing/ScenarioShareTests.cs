using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Slicing;

namespace ServerlessLoad.Core.Tests.Slicing;

public class ScenarioShareTests
{
    [Property(MaxTest = 300)]
    public Property Vus_iterations_and_connections_split_into_shares_that_add_up_to_the_plan()
    {
        var gen =
            from vus in Gen.Choose(1, 100_000)
            from iterations in Gen.Choose(1, 1_000_000)
            from pre in Gen.Choose(1, 100_000)
            from connections in Gen.Choose(1, 100_000)
            from count in Gen.Choose(1, 64)
            select (vus, iterations, pre, connections, count);
        return Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var shared = new Scenario
            {
                Name = "s",
                Executor = Executors.SharedIterations,
                Vus = input.vus,
                Iterations = input.iterations,
                PreAllocatedVus = input.pre,
                MaxVus = input.pre + input.vus,
                Connections = input.connections,
                Requests = [],
            };
            var perVu = shared with { Executor = Executors.PerVuIterations };
            var slices = Enumerable.Range(0, input.count).ToList();

            slices.Sum(i => ScenarioShare.Vus(shared, i, input.count)).ShouldBe(input.vus);
            slices.Sum(i => ScenarioShare.Iterations(shared, i, input.count)).ShouldBe(input.iterations);
            slices.Sum(i => ScenarioShare.Iterations(perVu, i, input.count)).ShouldBe((long)input.vus * input.iterations);
            slices.Sum(i => ScenarioShare.PreAllocatedVus(shared, i, input.count)).ShouldBe(input.pre);
            slices.Sum(i => ScenarioShare.MaxVus(shared, i, input.count)).ShouldBe(input.pre + input.vus);
            slices.Sum(i => ScenarioShare.Connections(shared, i, input.count)!.Value).ShouldBe(input.connections);
        });
    }

    [Fact]
    public void Without_a_connection_limit_every_vu_has_its_own() =>
        ScenarioShare.Connections(new Scenario { Name = "s", Requests = [] }, 0, 2).ShouldBeNull();
}
