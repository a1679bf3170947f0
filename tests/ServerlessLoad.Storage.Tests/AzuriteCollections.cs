using ServerlessLoad.Testing;

namespace ServerlessLoad.Storage.Tests;

// One Azurite per service's test collection: collections run in parallel, tests inside one run in order.
[CollectionDefinition(Name)]
public sealed class QueueAzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite queues";
}

[CollectionDefinition(Name)]
public sealed class TableAzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite tables";
}

[CollectionDefinition(Name)]
public sealed class BlobAzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite blobs";
}
