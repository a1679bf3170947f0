using Azure.Storage.Blobs;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Storage.Tests.Blobs;

[Collection(BlobAzuriteCollection.Name)]
public sealed class BlobLeasesTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly BlobContainerClient locks = azurite.Storage.GetContainer(TestNames.Container("locks"));

    public Task InitializeAsync() => locks.CreateIfNotExistsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_lease_on_a_missing_blob_creates_it_and_only_one_holder_at_a_time_gets_it()
    {
        var first = await locks.TryAcquireLeaseAsync("timers/a.lock", TimeSpan.FromSeconds(15));
        var second = await locks.TryAcquireLeaseAsync("timers/a.lock", TimeSpan.FromSeconds(15));

        first.ShouldNotBeNullOrEmpty();
        second.ShouldBeNull();
        (await locks.RenewLeaseAsync("timers/a.lock", first)).ShouldBeTrue();
    }

    [Fact]
    public async Task A_released_lease_can_be_taken_by_the_next_holder_and_the_old_one_cannot_renew_it()
    {
        var first = (await locks.TryAcquireLeaseAsync("timers/b.lock", TimeSpan.FromSeconds(15)))!;
        await locks.ReleaseLeaseAsync("timers/b.lock", first);
        var next = await locks.TryAcquireLeaseAsync("timers/b.lock", TimeSpan.FromSeconds(15));

        next.ShouldNotBeNull();
        (await locks.RenewLeaseAsync("timers/b.lock", first)).ShouldBeFalse();
        await locks.ReleaseLeaseAsync("timers/b.lock", first); // releasing a lost lease is not an error
        (await locks.RenewLeaseAsync("timers/b.lock", next)).ShouldBeTrue();
    }

    [Fact]
    public async Task Renewing_a_lease_on_a_deleted_blob_says_it_is_lost()
    {
        var lease = (await locks.TryAcquireLeaseAsync("timers/c.lock", TimeSpan.FromSeconds(15)))!;
        await locks.ReleaseLeaseAsync("timers/c.lock", lease);
        await locks.DeleteBlobIfExistsAsync("timers/c.lock");

        (await locks.RenewLeaseAsync("timers/c.lock", lease)).ShouldBeFalse();
    }
}
