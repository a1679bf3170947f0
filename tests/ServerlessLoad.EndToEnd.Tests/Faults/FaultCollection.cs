namespace ServerlessLoad.EndToEnd.Tests.Faults;

/// <summary>
/// Every fault test runs in this collection, one after another, on one <see cref="FaultStack"/> (the assembly runs its
/// collections one at a time too: fault tests time what follows a kill and must not share the cores).
/// </summary>
[CollectionDefinition(Name)]
public sealed class FaultCollection : ICollectionFixture<FaultStack>
{
    public const string Name = "faults";
}
