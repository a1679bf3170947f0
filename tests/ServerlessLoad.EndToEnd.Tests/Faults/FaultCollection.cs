// Fault tests kill, freeze and restart processes and time what follows: they must not share two cores with the other
// end-to-end tests of this assembly.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace ServerlessLoad.EndToEnd.Tests.Faults;

/// <summary>Every fault test runs in this collection, one after another, on one <see cref="FaultStack"/>.</summary>
[CollectionDefinition(Name)]
public sealed class FaultCollection : ICollectionFixture<FaultStack>
{
    public const string Name = "faults";
}
