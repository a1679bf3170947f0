using System.Text;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Storage.Tests.Blobs;

[Collection(BlobAzuriteCollection.Name)]
public sealed class BlobContainerClientTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(15);

    private async Task<BlobContainerClient> NewContainerAsync()
    {
        var container = azurite.Account.GetContainer(TestNames.Container("contract"));
        await container.CreateIfNotExistsAsync();
        return container;
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task A_put_blob_reads_back_with_its_bytes_content_type_and_etag()
    {
        var container = await NewContainerAsync();
        byte[] data = [0, 1, 2, 200, 255];

        var etag = await container.PutAsync("r1/summary.json", data, "application/json; charset=utf-8");
        var read = (await container.GetAsync("r1/summary.json")).ShouldNotBeNull();

        read.Data.ShouldBe(data);
        read.ContentType.ShouldBe("application/json; charset=utf-8");
        read.ETag.ShouldBe(etag);
        etag.ShouldStartWith("\"");
    }

    [Fact]
    public async Task An_empty_blob_can_be_written_and_read()
    {
        var container = await NewContainerAsync();

        await container.PutAsync("empty.txt", ReadOnlyMemory<byte>.Empty, "text/plain");

        (await container.GetAsync("empty.txt")).ShouldNotBeNull().Data.ShouldBeEmpty();
    }

    [Fact]
    public async Task Creating_a_container_twice_is_not_an_error()
    {
        var container = await NewContainerAsync();

        await container.CreateIfNotExistsAsync();

        (await container.ListAsync().ToListAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Getting_a_missing_blob_returns_null()
    {
        var container = await NewContainerAsync();

        (await container.GetAsync("nothing/here.png")).ShouldBeNull();
    }

    [Fact]
    public async Task Names_with_slashes_spaces_and_unicode_are_kept_exactly()
    {
        var container = await NewContainerAsync();
        const string name = "r1/charts/latency p99 (ms) – été#1.png";

        await container.PutAsync(name, Bytes("png"), "image/png");

        (await container.GetAsync(name)).ShouldNotBeNull().Data.ShouldBe(Bytes("png"));
        (await container.ListAsync("r1/charts/").ToListAsync()).ShouldHaveSingleItem().Name.ShouldBe(name);
    }

    [Fact]
    public async Task Overwriting_replaces_the_content_and_changes_the_etag()
    {
        var container = await NewContainerAsync();
        var first = await container.PutAsync("a.txt", Bytes("one"), "text/plain");

        var second = await container.PutAsync("a.txt", Bytes("two"), "text/plain");

        second.ShouldNotBe(first);
        (await container.GetAsync("a.txt")).ShouldNotBeNull().Data.ShouldBe(Bytes("two"));
    }

    [Fact]
    public async Task If_none_match_star_refuses_to_overwrite_with_409()
    {
        var container = await NewContainerAsync();
        await container.PutAsync("once.txt", Bytes("first"), "text/plain", ifNoneMatchStar: true);

        var error = await Should.ThrowAsync<StorageException>(() =>
            container.PutAsync("once.txt", Bytes("second"), "text/plain", ifNoneMatchStar: true));

        error.Status.ShouldBe(409);
        error.ErrorCode.ShouldBe("BlobAlreadyExists");
        (await container.GetAsync("once.txt")).ShouldNotBeNull().Data.ShouldBe(Bytes("first"));
    }

    [Fact]
    public async Task If_match_with_a_stale_etag_fails_with_412_and_with_the_current_one_succeeds()
    {
        var container = await NewContainerAsync();
        var stale = await container.PutAsync("state.json", Bytes("1"), "application/json");
        var current = await container.PutAsync("state.json", Bytes("2"), "application/json");

        var error = await Should.ThrowAsync<StorageException>(() =>
            container.PutAsync("state.json", Bytes("3"), "application/json", ifMatch: stale));
        await container.PutAsync("state.json", Bytes("4"), "application/json", ifMatch: current);

        error.Status.ShouldBe(412);
        (await container.GetAsync("state.json")).ShouldNotBeNull().Data.ShouldBe(Bytes("4"));
    }

    [Fact]
    public async Task Listing_by_prefix_pages_through_every_match_in_name_order()
    {
        var container = await NewContainerAsync();
        var expected = new List<string>();
        for (var i = 0; i < 23; i++)
        {
            var name = $"run/{i:D2}.json";
            expected.Add(name);
            await container.PutAsync(name, Bytes($"{{\"i\":{i}}}"), "application/json");
        }

        await container.PutAsync("other/x.json", Bytes("{}"), "application/json");
        await container.PutAsync("runner.txt", Bytes("not under run/"), "text/plain");

        var listed = await container.ListAsync("run/", pageSize: 5).ToListAsync();

        listed.Select(b => b.Name).ShouldBe(expected);
        listed.ShouldAllBe(b => b.ContentType == "application/json" && b.ETag != null && b.LastModified > DateTimeOffset.UtcNow.AddMinutes(-5));
        listed[10].Size.ShouldBe(Bytes("{\"i\":10}").Length);
        (await container.ListAsync().ToListAsync()).Count.ShouldBe(25);
    }

    [Fact]
    public async Task A_listed_etag_can_be_used_as_an_update_condition()
    {
        var container = await NewContainerAsync();
        await container.PutAsync("cond.txt", Bytes("1"), "text/plain");
        var listed = (await container.ListAsync("cond").ToListAsync()).ShouldHaveSingleItem();

        await container.PutAsync("cond.txt", Bytes("2"), "text/plain", ifMatch: listed.ETag);

        (await container.GetAsync("cond.txt")).ShouldNotBeNull().Data.ShouldBe(Bytes("2"));
    }

    [Fact]
    public async Task Delete_removes_the_blob_and_deleting_a_missing_one_is_not_an_error()
    {
        var container = await NewContainerAsync();
        await container.PutAsync("gone.txt", Bytes("x"), "text/plain");

        await container.DeleteAsync("gone.txt");
        await container.DeleteAsync("gone.txt");

        (await container.GetAsync("gone.txt")).ShouldBeNull();
    }

    [Fact]
    public async Task A_lease_on_a_missing_blob_creates_it_and_blocks_a_second_holder()
    {
        var container = await NewContainerAsync();

        var mine = await container.TryAcquireLeaseAsync("locks/scheduler", LeaseTime);
        var theirs = await container.TryAcquireLeaseAsync("locks/scheduler", LeaseTime);

        mine.ShouldNotBeNullOrEmpty();
        theirs.ShouldBeNull();
        (await container.GetAsync("locks/scheduler")).ShouldNotBeNull().Data.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_held_lease_renews_and_after_release_another_holder_can_take_it()
    {
        var container = await NewContainerAsync();
        var mine = (await container.TryAcquireLeaseAsync("lock", LeaseTime)).ShouldNotBeNull();

        var renewed = await container.RenewLeaseAsync("lock", mine);
        await container.ReleaseLeaseAsync("lock", mine);
        var theirs = await container.TryAcquireLeaseAsync("lock", LeaseTime);

        renewed.ShouldBeTrue();
        theirs.ShouldNotBeNull();
        theirs.ShouldNotBe(mine);
        (await container.RenewLeaseAsync("lock", mine)).ShouldBeFalse();
    }

    [Fact]
    public async Task Releasing_a_lease_that_is_no_longer_held_is_not_an_error()
    {
        var container = await NewContainerAsync();
        var mine = (await container.TryAcquireLeaseAsync("lock", LeaseTime)).ShouldNotBeNull();
        await container.ReleaseLeaseAsync("lock", mine);

        await container.ReleaseLeaseAsync("lock", mine);
        await container.ReleaseLeaseAsync("lock", Guid.NewGuid().ToString());

        (await container.TryAcquireLeaseAsync("lock", LeaseTime)).ShouldNotBeNull();
    }

    [Fact]
    public async Task Renewing_a_lease_on_a_missing_blob_reports_it_lost()
    {
        var container = await NewContainerAsync();

        (await container.RenewLeaseAsync("never-created", Guid.NewGuid().ToString())).ShouldBeFalse();
    }

    [Theory]
    [InlineData(14)]
    [InlineData(61)]
    public async Task Lease_durations_outside_15_to_60_seconds_are_rejected(int seconds)
    {
        var container = await NewContainerAsync();

        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => container.TryAcquireLeaseAsync("x", TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public async Task A_sas_uri_lets_a_plain_http_client_read_the_blob_but_not_write_it()
    {
        var container = await NewContainerAsync();
        await container.PutAsync("r1/report.html", Bytes("<h1>ok</h1>"), "text/html");
        using var http = new HttpClient();

        var sas = container.GetSasUri("r1/report.html", TimeSpan.FromMinutes(5));
        using var read = await http.GetAsync(sas);
        using var write = await http.PutAsync(sas, new ByteArrayContent(Bytes("x")));

        sas.Query.ShouldContain("sp=r");
        read.IsSuccessStatusCode.ShouldBeTrue();
        (await read.Content.ReadAsStringAsync()).ShouldBe("<h1>ok</h1>");
        read.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        ((int)write.StatusCode).ShouldBeGreaterThanOrEqualTo(400);
    }

    [Fact]
    public async Task A_sas_uri_signed_with_the_wrong_key_is_refused()
    {
        var container = await NewContainerAsync();
        await container.PutAsync("secret.txt", Bytes("s"), "text/plain");
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var impostor = StorageAccount.Parse(azurite.ConnectionString.Replace(
            "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
            $"AccountKey={wrongKey}", StringComparison.Ordinal));
        using var http = new HttpClient();

        using var response = await http.GetAsync(impostor.GetContainer(container.Name).GetSasUri("secret.txt", TimeSpan.FromMinutes(5)));

        ((int)response.StatusCode).ShouldBe(403);
    }

    [Fact]
    public void A_token_credential_account_cannot_make_a_sas()
    {
        var account = StorageAccount.FromCredential("prodaccount", new UnusedCredential());

        Should.Throw<InvalidOperationException>(() => account.GetContainer("reports").GetSasUri("a.png", TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task Using_a_missing_container_fails_with_404()
    {
        var container = azurite.Account.GetContainer(TestNames.Container("missing"));

        var error = await Should.ThrowAsync<StorageException>(() => container.PutAsync("a", Bytes("x"), "text/plain"));

        error.Status.ShouldBe(404);
        error.ErrorCode.ShouldBe("ContainerNotFound");
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Reports")]
    [InlineData("a--b")]
    public void Invalid_container_names_are_rejected(string name)
    {
        Should.Throw<ArgumentException>(() => azurite.Account.GetContainer(name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ends/")]
    [InlineData("ends.")]
    public async Task Invalid_blob_names_are_rejected(string name)
    {
        var container = azurite.Account.GetContainer("any-container");

        await Should.ThrowAsync<ArgumentException>(() => container.GetAsync(name));
    }
}
