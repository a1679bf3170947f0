using System.Text;
using Azure.Storage.Blobs;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Storage.Tests.Blobs;

[Collection(BlobAzuriteCollection.Name)]
public sealed class BlobFilesTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly BlobContainerClient container = azurite.Storage.GetContainer(TestNames.Container("files"));

    public Task InitializeAsync() => container.CreateIfNotExistsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_written_blob_reads_back_with_its_bytes_and_content_type_and_a_missing_one_is_null()
    {
        await container.WriteAsync("run-1/report.md", Encoding.UTF8.GetBytes("# Report"), "text/markdown; charset=utf-8");

        var blob = await container.ReadAsync("run-1/report.md");
        var missing = await container.ReadAsync("run-1/nothing.md");

        Encoding.UTF8.GetString(blob.ShouldNotBeNull().Data).ShouldBe("# Report");
        blob.ContentType.ShouldBe("text/markdown; charset=utf-8");
        blob.ETag.ShouldNotBeNullOrEmpty();
        missing.ShouldBeNull();
    }

    [Fact]
    public async Task Writing_again_replaces_the_blob_but_creating_it_again_changes_nothing()
    {
        (await container.TryCreateAsync("published.json", "1"u8.ToArray(), "application/json")).ShouldBeTrue();
        (await container.TryCreateAsync("published.json", "2"u8.ToArray(), "application/json")).ShouldBeFalse();
        Encoding.UTF8.GetString((await container.ReadAsync("published.json"))!.Data).ShouldBe("1");

        await container.WriteAsync("published.json", "3"u8.ToArray(), "application/json");
        Encoding.UTF8.GetString((await container.ReadAsync("published.json"))!.Data).ShouldBe("3");
    }

    [Fact]
    public async Task A_listing_holds_exactly_the_blobs_under_the_prefix_with_their_sizes()
    {
        await container.WriteAsync("a/one.txt", "1"u8.ToArray(), "text/plain");
        await container.WriteAsync("a/sub/two.txt", "22"u8.ToArray(), "text/plain");
        await container.WriteAsync("ab/three.txt", "333"u8.ToArray(), "text/plain");

        var listed = new List<StoredBlob>();
        await foreach (var blob in container.ListAsync("a/"))
        {
            listed.Add(blob);
        }

        listed.Select(b => (b.Name, b.Size, b.ContentType)).ShouldBe([("a/one.txt", 1L, "text/plain"), ("a/sub/two.txt", 2L, "text/plain")]);
    }
}
