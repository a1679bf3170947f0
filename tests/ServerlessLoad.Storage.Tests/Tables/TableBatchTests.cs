using ServerlessLoad.Testing;

namespace ServerlessLoad.Storage.Tests.Tables;

[Collection(TableAzuriteCollection.Name)]
public sealed class TableBatchTests(AzuriteFixture azurite)
{
    private async Task<TableClient> NewTableAsync()
    {
        var table = azurite.Account.GetTable(TestNames.Table("batch"));
        await table.CreateIfNotExistsAsync();
        return table;
    }

    private static TableOperation Op(TableOperationKind kind, string rowKey, int value = 0, string? etag = null) =>
        new(kind, new TableEntity("p", rowKey) { ["V"] = value }, etag);

    [Fact]
    public async Task A_batch_of_100_inserts_is_applied_and_returns_an_etag_for_each()
    {
        var table = await NewTableAsync();
        var operations = Enumerable.Range(0, 100).Select(i => Op(TableOperationKind.Insert, $"r{i:D3}", i)).ToList();

        var etags = await table.SubmitBatchAsync(operations);
        var stored = await table.QueryAsync("PartitionKey eq 'p'").ToListAsync();

        etags.Count.ShouldBe(100);
        etags.ShouldAllBe(e => !string.IsNullOrEmpty(e));
        stored.Count.ShouldBe(100);
        stored.Select(e => e.GetInt32("V")).ShouldBe(Enumerable.Range(0, 100).Cast<int?>());
        stored.Select(e => e.ETag).ShouldBe(etags);
    }

    [Fact]
    public async Task An_inner_failure_names_the_failing_operation_and_applies_nothing()
    {
        var table = await NewTableAsync();
        await table.InsertAsync(new TableEntity("p", "r3"));
        var operations = Enumerable.Range(0, 6).Select(i => Op(TableOperationKind.Insert, $"r{i}")).ToList();

        var error = await Should.ThrowAsync<TableBatchException>(() => table.SubmitBatchAsync(operations));
        var stored = await table.QueryAsync().ToListAsync();

        error.FailedIndex.ShouldBe(3);
        error.Status.ShouldBe(409);
        error.ErrorCode.ShouldBe("EntityAlreadyExists");
        error.Message.ShouldContain("operation 3");
        stored.ShouldHaveSingleItem().RowKey.ShouldBe("r3");
    }

    [Fact]
    public async Task A_stale_etag_inside_a_batch_fails_with_412_at_its_index()
    {
        var table = await NewTableAsync();
        var stale = await table.InsertAsync(new TableEntity("p", "b"));
        await table.UpsertAsync(new TableEntity("p", "b") { ["V"] = 1 });

        var error = await Should.ThrowAsync<TableBatchException>(() => table.SubmitBatchAsync(
        [
            Op(TableOperationKind.Insert, "a"),
            Op(TableOperationKind.UpdateMerge, "b", 2, stale),
        ]));

        error.FailedIndex.ShouldBe(1);
        error.Status.ShouldBe(412);
        (await table.GetAsync("p", "a")).ShouldBeNull();
    }

    [Fact]
    public async Task Submitting_the_same_upsert_batch_twice_leaves_the_same_rows()
    {
        var table = await NewTableAsync();
        var operations = Enumerable.Range(0, 20).Select(i => Op(TableOperationKind.UpsertReplace, $"r{i:D2}", i)).ToList();

        await table.SubmitBatchAsync(operations);
        var first = await table.QueryAsync().Select(e => (e.RowKey, e.GetInt32("V"))).ToListAsync();
        await table.SubmitBatchAsync(operations);
        var second = await table.QueryAsync().Select(e => (e.RowKey, e.GetInt32("V"))).ToListAsync();

        first.Count.ShouldBe(20);
        second.ShouldBe(first);
    }

    [Fact]
    public async Task A_mixed_batch_applies_each_kind_and_returns_no_etag_for_deletes()
    {
        var table = await NewTableAsync();
        await table.InsertAsync(new TableEntity("p", "merge") { ["V"] = 1, ["Keep"] = "yes" });
        await table.InsertAsync(new TableEntity("p", "replace") { ["V"] = 1, ["Drop"] = "yes" });
        await table.InsertAsync(new TableEntity("p", "delete"));

        var etags = await table.SubmitBatchAsync(
        [
            Op(TableOperationKind.Insert, "insert", 1),
            Op(TableOperationKind.UpsertMerge, "merge", 2),
            Op(TableOperationKind.UpdateReplace, "replace", 2),
            Op(TableOperationKind.Delete, "delete"),
        ]);
        var merged = (await table.GetAsync("p", "merge")).ShouldNotBeNull();
        var replaced = (await table.GetAsync("p", "replace")).ShouldNotBeNull();

        etags.Take(3).ShouldAllBe(e => e != null);
        etags[3].ShouldBeNull();
        (await table.GetAsync("p", "insert")).ShouldNotBeNull();
        (await table.GetAsync("p", "delete")).ShouldBeNull();
        merged.GetInt32("V").ShouldBe(2);
        merged["Keep"].ShouldBe("yes");
        replaced.GetInt32("V").ShouldBe(2);
        replaced.ContainsKey("Drop").ShouldBeFalse();
    }

    [Fact]
    public async Task A_batch_across_partitions_is_rejected_before_sending()
    {
        var table = await NewTableAsync();

        var error = await Should.ThrowAsync<ArgumentException>(() => table.SubmitBatchAsync(
        [
            new TableOperation(TableOperationKind.Insert, new TableEntity("p1", "r")),
            new TableOperation(TableOperationKind.Insert, new TableEntity("p2", "r")),
        ]));

        error.Message.ShouldContain("one partition");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task A_batch_must_hold_1_to_100_operations(int count)
    {
        var table = await NewTableAsync();
        var operations = Enumerable.Range(0, count).Select(i => Op(TableOperationKind.Insert, $"r{i}")).ToList();

        await Should.ThrowAsync<ArgumentException>(() => table.SubmitBatchAsync(operations));
    }

    [Fact]
    public async Task A_batch_touching_one_row_twice_is_rejected()
    {
        var table = await NewTableAsync();

        await Should.ThrowAsync<ArgumentException>(() => table.SubmitBatchAsync(
            [Op(TableOperationKind.Insert, "same"), Op(TableOperationKind.UpsertMerge, "same")]));
    }
}
