using ServerlessLoad.Testing;

namespace ServerlessLoad.Storage.Tests.Tables;

[Collection(TableAzuriteCollection.Name)]
public sealed class TableClientTests(AzuriteFixture azurite)
{
    private async Task<TableClient> NewTableAsync()
    {
        var table = azurite.Account.GetTable(TestNames.Table("contract"));
        await table.CreateIfNotExistsAsync();
        return table;
    }

    private static TableEntity Row(string partitionKey, string rowKey, string name = "x", int count = 1) =>
        new(partitionKey, rowKey) { ["Name"] = name, ["Count"] = count };

    [Fact]
    public async Task Creating_a_table_twice_is_not_an_error()
    {
        var table = await NewTableAsync();

        await table.CreateIfNotExistsAsync();

        (await table.GetAsync("p", "r")).ShouldBeNull();
    }

    [Fact]
    public async Task An_inserted_entity_reads_back_with_every_property_type_intact()
    {
        var table = await NewTableAsync();
        var when = new DateTimeOffset(2024, 3, 1, 12, 30, 45, 123, TimeSpan.FromHours(2));
        var id = Guid.NewGuid();
        var entity = new TableEntity("run1", "slice0")
        {
            ["Text"] = "hello",
            ["Int32"] = 42,
            ["Int64"] = 9_007_199_254_740_993L, // 2^53 + 1: would lose precision as a JSON number
            ["Double"] = 2.0,
            ["Fraction"] = 0.125,
            ["Flag"] = true,
            ["When"] = when,
            ["Id"] = id,
            ["Bytes"] = new byte[] { 1, 2, 3, 255 },
        };

        var etag = await table.InsertAsync(entity);
        var read = (await table.GetAsync("run1", "slice0")).ShouldNotBeNull();

        etag.ShouldNotBeNullOrEmpty();
        read.ETag.ShouldBe(etag);
        read.Timestamp.ShouldNotBeNull();
        read["Text"].ShouldBe("hello");
        read["Int32"].ShouldBe(42);
        read["Int64"].ShouldBe(9_007_199_254_740_993L);
        read["Double"].ShouldBe(2.0);
        read["Double"].ShouldBeOfType<double>();
        read["Fraction"].ShouldBe(0.125);
        read["Flag"].ShouldBe(true);
        read.GetDateTimeOffset("When").ShouldBe(when);
        read["Id"].ShouldBe(id);
        read["Bytes"].ShouldBe(new byte[] { 1, 2, 3, 255 });
    }

    [Fact]
    public async Task Int64_extremes_round_trip_exactly()
    {
        var table = await NewTableAsync();
        await table.InsertAsync(new TableEntity("p", "r") { ["Max"] = long.MaxValue, ["Min"] = long.MinValue, ["Zero"] = 0L });

        var read = (await table.GetAsync("p", "r")).ShouldNotBeNull();

        read.GetInt64("Max").ShouldBe(long.MaxValue);
        read.GetInt64("Min").ShouldBe(long.MinValue);
        read["Zero"].ShouldBe(0L);
    }

    [Fact]
    public async Task DateTimeOffset_round_trips_to_the_tick_as_the_same_instant()
    {
        var table = await NewTableAsync();
        var when = new DateTimeOffset(2025, 12, 31, 23, 59, 59, TimeSpan.FromHours(-5)).AddTicks(1_234_567);
        await table.InsertAsync(new TableEntity("p", "r") { ["When"] = when });

        var read = (await table.GetAsync("p", "r")).ShouldNotBeNull().GetDateTimeOffset("When");

        read.ShouldBe(when);
        read!.Value.Offset.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public async Task A_32K_character_string_property_round_trips()
    {
        var table = await NewTableAsync();
        var big = new string('x', 32 * 1024 - 1) + "é";
        await table.InsertAsync(new TableEntity("p", "r") { ["Data0"] = big });

        (await table.GetAsync("p", "r")).ShouldNotBeNull().GetString("Data0").ShouldBe(big);
    }

    [Fact]
    public async Task Keys_with_quotes_spaces_and_unicode_can_be_read_updated_and_deleted()
    {
        var table = await NewTableAsync();
        const string partition = "O'Brien & co";
        const string row = "naïve 'row' %20+";
        await table.InsertAsync(Row(partition, row));

        var read = (await table.GetAsync(partition, row)).ShouldNotBeNull();
        await table.UpdateAsync(Row(partition, row, "changed"), read.ETag!);
        var filtered = await table.QueryAsync($"PartitionKey eq {TableClient.Quote(partition)}").ToListAsync();
        await table.DeleteAsync(partition, row);

        read.PartitionKey.ShouldBe(partition);
        read.RowKey.ShouldBe(row);
        filtered.ShouldHaveSingleItem().GetString("Name").ShouldBe("changed");
        (await table.GetAsync(partition, row)).ShouldBeNull();
    }

    [Fact]
    public async Task Inserting_an_existing_entity_fails_with_409()
    {
        var table = await NewTableAsync();
        await table.InsertAsync(Row("p", "r"));

        var error = await Should.ThrowAsync<StorageException>(() => table.InsertAsync(Row("p", "r")));

        error.Status.ShouldBe(409);
        error.ErrorCode.ShouldBe("EntityAlreadyExists");
    }

    [Fact]
    public async Task Upsert_replace_drops_properties_that_are_not_given()
    {
        var table = await NewTableAsync();
        await table.InsertAsync(new TableEntity("p", "r") { ["A"] = "a", ["B"] = "b" });

        await table.UpsertAsync(new TableEntity("p", "r") { ["A"] = "a2" }, TableUpdateMode.Replace);
        var read = (await table.GetAsync("p", "r")).ShouldNotBeNull();

        read["A"].ShouldBe("a2");
        read.ContainsKey("B").ShouldBeFalse();
    }

    [Fact]
    public async Task Upsert_merge_keeps_properties_that_are_not_given()
    {
        var table = await NewTableAsync();
        await table.InsertAsync(new TableEntity("p", "r") { ["A"] = "a", ["B"] = "b" });

        await table.UpsertAsync(new TableEntity("p", "r") { ["A"] = "a2" }, TableUpdateMode.Merge);
        var read = (await table.GetAsync("p", "r")).ShouldNotBeNull();

        read["A"].ShouldBe("a2");
        read["B"].ShouldBe("b");
    }

    [Fact]
    public async Task Upsert_creates_a_missing_entity()
    {
        var table = await NewTableAsync();

        var etag = await table.UpsertAsync(Row("p", "new"), TableUpdateMode.Merge);

        (await table.GetAsync("p", "new")).ShouldNotBeNull().ETag.ShouldBe(etag);
    }

    [Fact]
    public async Task Update_with_the_current_etag_succeeds_and_with_a_stale_one_fails_with_412()
    {
        var table = await NewTableAsync();
        var first = await table.InsertAsync(Row("p", "r", count: 1));

        var second = await table.UpdateAsync(Row("p", "r", count: 2), first);
        var error = await Should.ThrowAsync<StorageException>(() => table.UpdateAsync(Row("p", "r", count: 3), first));

        second.ShouldNotBe(first);
        error.Status.ShouldBe(412);
        error.ErrorCode.ShouldBe("UpdateConditionNotSatisfied");
        (await table.GetAsync("p", "r")).ShouldNotBeNull().GetInt32("Count").ShouldBe(2);
    }

    [Fact]
    public async Task Merge_update_with_a_stale_etag_fails_with_412()
    {
        var table = await NewTableAsync();
        var first = await table.InsertAsync(Row("p", "r"));
        await table.UpsertAsync(Row("p", "r", count: 5));

        var error = await Should.ThrowAsync<StorageException>(() => table.UpdateAsync(Row("p", "r"), first, TableUpdateMode.Merge));

        error.Status.ShouldBe(412);
    }

    [Fact]
    public async Task Updating_a_missing_entity_fails_with_404()
    {
        var table = await NewTableAsync();

        var error = await Should.ThrowAsync<StorageException>(() => table.UpdateAsync(Row("p", "absent"), "*"));

        error.Status.ShouldBe(404);
    }

    [Fact]
    public async Task Getting_a_missing_entity_returns_null()
    {
        var table = await NewTableAsync();

        (await table.GetAsync("nobody", "nothing")).ShouldBeNull();
    }

    [Fact]
    public async Task Get_with_select_returns_only_the_chosen_properties_and_the_keys()
    {
        var table = await NewTableAsync();
        await table.InsertAsync(new TableEntity("p", "r") { ["A"] = "a", ["B"] = "b" });

        var read = (await table.GetAsync("p", "r", select: ["B"])).ShouldNotBeNull();

        read.PartitionKey.ShouldBe("p");
        read.RowKey.ShouldBe("r");
        read.Keys.ShouldBe(["B"]);
    }

    [Fact]
    public async Task Delete_removes_the_entity_and_deleting_a_missing_one_is_not_an_error()
    {
        var table = await NewTableAsync();
        await table.InsertAsync(Row("p", "r"));

        await table.DeleteAsync("p", "r");
        await table.DeleteAsync("p", "r");

        (await table.GetAsync("p", "r")).ShouldBeNull();
    }

    [Fact]
    public async Task Delete_with_a_stale_etag_fails_with_412_and_keeps_the_entity()
    {
        var table = await NewTableAsync();
        var stale = await table.InsertAsync(Row("p", "r"));
        await table.UpsertAsync(Row("p", "r", count: 2));

        var error = await Should.ThrowAsync<StorageException>(() => table.DeleteAsync("p", "r", stale));

        error.Status.ShouldBe(412);
        (await table.GetAsync("p", "r")).ShouldNotBeNull();
    }

    [Fact]
    public async Task Query_with_filter_and_select_returns_matching_entities_with_only_chosen_properties()
    {
        var table = await NewTableAsync();
        for (var i = 0; i < 6; i++)
        {
            await table.InsertAsync(new TableEntity(i % 2 == 0 ? "even" : "odd", $"r{i}") { ["N"] = i, ["Label"] = $"L{i}", ["Big"] = (long)i });
        }

        var rows = await table.QueryAsync("PartitionKey eq 'even' and N ge 2", select: ["N"]).ToListAsync();

        rows.Select(r => r.RowKey).ShouldBe(["r2", "r4"]);
        rows.ShouldAllBe(r => r.PartitionKey == "even" && r.Keys.Count == 1 && r.ETag != null);
        rows.Select(r => r.GetInt32("N")).ShouldBe([2, 4]);
    }

    [Fact]
    public async Task Query_filter_on_an_int64_property_compares_numbers()
    {
        var table = await NewTableAsync();
        await table.InsertAsync(new TableEntity("p", "small") { ["Bytes"] = 10L });
        await table.InsertAsync(new TableEntity("p", "large") { ["Bytes"] = 5_000_000_000L });

        var rows = await table.QueryAsync("Bytes gt 4000000000L").ToListAsync();

        rows.ShouldHaveSingleItem().RowKey.ShouldBe("large");
    }

    [Fact]
    public async Task Query_pages_with_top_hand_back_continuation_tokens_until_every_row_is_seen()
    {
        var table = await NewTableAsync();
        await InsertRowsAsync(table, "p", 25);

        var seen = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await table.QueryPageAsync(top: 10, continuationToken: token);
            seen.AddRange(page.Entities.Select(e => e.RowKey));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null);

        pages.ShouldBe(3);
        seen.ShouldBe(Enumerable.Range(0, 25).Select(i => $"r{i:D4}"));
    }

    [Fact]
    public async Task Query_async_follows_continuations_past_the_1000_row_server_page()
    {
        var table = await NewTableAsync();
        await InsertRowsAsync(table, "a", 600);
        await InsertRowsAsync(table, "b", 600);

        var all = await table.QueryAsync().ToListAsync();
        var firstPage = await table.QueryPageAsync();

        all.Count.ShouldBe(1200);
        all.Select(e => (e.PartitionKey, e.RowKey)).Distinct().Count().ShouldBe(1200);
        firstPage.Entities.Count.ShouldBe(1000);
        firstPage.ContinuationToken.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_continuation_token_that_was_not_issued_is_rejected()
    {
        var table = await NewTableAsync();

        await Should.ThrowAsync<ArgumentException>(() => table.QueryPageAsync(continuationToken: "not-a-token!"));
    }

    [Fact]
    public async Task Using_a_missing_table_fails_with_404()
    {
        var table = azurite.Account.GetTable(TestNames.Table("missing"));

        var error = await Should.ThrowAsync<StorageException>(() => table.InsertAsync(Row("p", "r")));

        error.Status.ShouldBe(404);
        error.ErrorCode.ShouldBe("TableNotFound");
    }

    [Fact]
    public void Quote_doubles_single_quotes_for_odata_literals()
    {
        TableClient.Quote("O'Brien").ShouldBe("'O''Brien'");
        TableClient.Quote("").ShouldBe("''");
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1table")]
    [InlineData("with-hyphen")]
    [InlineData("tables")]
    public void Invalid_table_names_are_rejected(string name)
    {
        Should.Throw<ArgumentException>(() => azurite.Account.GetTable(name));
    }

    internal static async Task InsertRowsAsync(TableClient table, string partition, int count)
    {
        for (var start = 0; start < count; start += 100)
        {
            var operations = Enumerable.Range(start, Math.Min(100, count - start))
                .Select(i => new TableOperation(TableOperationKind.Insert, new TableEntity(partition, $"r{i:D4}") { ["N"] = i }))
                .ToList();
            await table.SubmitBatchAsync(operations);
        }
    }
}
