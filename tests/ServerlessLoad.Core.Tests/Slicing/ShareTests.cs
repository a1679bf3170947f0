using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ServerlessLoad.Core.Slicing;

namespace ServerlessLoad.Core.Tests.Slicing;

public class ShareTests
{
    [Theory]
    [InlineData(10, 4, new long[] { 2, 3, 2, 3 })]
    [InlineData(3, 4, new long[] { 0, 1, 1, 1 })]
    [InlineData(0, 3, new long[] { 0, 0, 0 })]
    [InlineData(100, 1, new long[] { 100 })]
    public void Splits_a_total_into_known_shares(long total, int count, long[] expected) =>
        Enumerable.Range(0, count).Select(i => Share.Of(total, i, count)).ShouldBe(expected);

    [Property(MaxTest = 500)]
    public Property Shares_add_up_to_the_whole_and_differ_by_at_most_one()
    {
        var gen =
            from total in Gen.Choose(0, int.MaxValue).Select(t => (long)t * 3)
            from count in Gen.Choose(1, 64)
            select (total, count);
        return Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var shares = Enumerable.Range(0, input.count).Select(i => Share.Of(input.total, i, input.count)).ToArray();
            return shares.Sum() == input.total && shares.Max() - shares.Min() <= 1;
        });
    }

    [Property(MaxTest = 200)]
    public Property Every_arrival_belongs_to_exactly_one_slice()
    {
        var gen =
            from arrival in Gen.Choose(0, int.MaxValue)
            from count in Gen.Choose(1, 64)
            select (arrival: (long)arrival, count);
        return Prop.ForAll(gen.ToArbitrary(), input =>
            Enumerable.Range(0, input.count).Count(i => Share.OwnsArrival(input.arrival, i, input.count)) == 1);
    }

    [Fact]
    public void A_slice_index_outside_the_count_is_rejected() =>
        Should.Throw<ArgumentOutOfRangeException>(() => Share.Of(10, 4, 4));
}
