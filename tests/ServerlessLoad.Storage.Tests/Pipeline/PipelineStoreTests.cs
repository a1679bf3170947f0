using System.Text;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Core.Results;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Storage.Pipeline;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Storage.Tests.Pipeline;

/// <summary>The pipeline's storage layout on a real Azurite: the semantics every stage relies on.</summary>
[Collection(TableAzuriteCollection.Name)]
public sealed class PipelineStoreTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly PipelineStore store = new(azurite.Storage, new QueueNameSettings
    {
        RunRequests = TestNames.Queue("runreq"),
        Slices = TestNames.Queue("slices"),
        SliceEvents = TestNames.Queue("events"),
        Reports = TestNames.Queue("reports"),
    });

    public Task InitializeAsync() => store.EnsureCreatedAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_run_row_reads_back_with_every_field_and_a_second_run_with_its_id_is_refused()
    {
        var run = NewRun();
        run.StartAt = new DateTimeOffset(2026, 12, 5, 8, 0, 1, 250, TimeSpan.Zero);
        run.PlannedSeconds = 15;
        run.Requests = 5_000_000_000;
        run.Error = "slice 1 lost";
        run.AbortedAtSecond = 12;

        await store.CreateRunAsync(run);
        var back = await store.GetRunAsync(run.RunId);
        var duplicate = await Should.ThrowAsync<Azure.RequestFailedException>(() => store.CreateRunAsync(NewRun(run.RunId)));

        back.ShouldNotBeNull();
        (back.PlanName, back.Status, back.SliceCount, back.PlannedSeconds, back.Requests, back.Error, back.AbortedAtSecond)
            .ShouldBe(("checkout", RunStatus.Queued, 4, 15.0, 5_000_000_000L, "slice 1 lost", 12L));
        back.StartAt.ShouldBe(run.StartAt);
        back.ETag.ShouldNotBeNullOrEmpty();
        StorageFailure.Is(duplicate, 409).ShouldBeTrue();
        (await store.GetRunAsync("no-such-run")).ShouldBeNull();
    }

    [Fact]
    public async Task A_run_row_changes_only_under_the_version_it_was_read_at()
    {
        var run = NewRun();
        await store.CreateRunAsync(run);
        var mine = (await store.GetRunAsync(run.RunId))!;
        var theirs = (await store.GetRunAsync(run.RunId))!;

        theirs.Status = RunStatus.Planning;
        (await store.TryUpdateRunAsync(theirs)).ShouldBeTrue();
        mine.Status = RunStatus.Cancelled;
        (await store.TryUpdateRunAsync(mine)).ShouldBeFalse("mine was read before theirs was written");

        var (final, changed) = await store.UpdateRunAsync(run.RunId, r =>
        {
            r.Status = RunStatus.Running;
            return true;
        });
        changed.ShouldBeTrue();
        final!.Status.ShouldBe(RunStatus.Running);
        (await store.GetRunAsync(run.RunId))!.Status.ShouldBe(RunStatus.Running);
    }

    [Fact]
    public async Task Runs_in_a_status_are_found_by_a_filtered_query_and_the_list_is_newest_first()
    {
        var older = NewRun();
        var newer = NewRun();
        newer.Status = RunStatus.Running;
        var reporting = NewRun();
        reporting.Status = RunStatus.Reporting;
        await store.CreateRunAsync(older);
        await store.CreateRunAsync(newer);
        await store.CreateRunAsync(reporting);

        var active = await store.ListRunsInStatusAsync([RunStatus.Running, RunStatus.Reporting]);
        var all = await store.ListRunsAsync();

        active.Select(r => r.RunId).ShouldContain(newer.RunId);
        active.Select(r => r.RunId).ShouldContain(reporting.RunId);
        active.Select(r => r.RunId).ShouldNotContain(older.RunId);
        all.Select(r => r.CreatedAt).ShouldBeInOrder(SortDirection.Descending);
    }

    [Fact]
    public async Task A_slice_row_is_created_once_and_a_stale_claim_loses()
    {
        var runId = NewId();
        await store.CreateSliceIfMissingAsync(new SliceRecord { RunId = runId, Index = 2, Status = SliceStatus.Pending });
        var claimed = (await store.GetSliceAsync(runId, 2))!;
        claimed.Status = SliceStatus.Running;
        claimed.Attempt = 1;
        (await store.TryUpdateSliceAsync(claimed)).ShouldBeTrue();

        // A repeated planning message must not reset a running slice.
        await store.CreateSliceIfMissingAsync(new SliceRecord { RunId = runId, Index = 2, Status = SliceStatus.Pending });
        var stale = (await store.GetSliceAsync(runId, 2))!;
        claimed.Heartbeat = DateTimeOffset.UtcNow;
        (await store.TryUpdateSliceAsync(claimed)).ShouldBeTrue();
        stale.Attempt = 2;

        (await store.TryUpdateSliceAsync(stale)).ShouldBeFalse();
        var slices = await store.GetSlicesAsync(runId);
        slices.ShouldHaveSingleItem().Status.ShouldBe(SliceStatus.Running);
        slices[0].Attempt.ShouldBe(1);
        (await store.TryUpdateSliceAsync(new SliceRecord { RunId = runId, Index = 9, Status = SliceStatus.Running, ETag = stale.ETag })).ShouldBeFalse("there is no such row");
    }

    [Fact]
    public async Task Slice_rows_are_created_a_hundred_to_a_transaction_and_created_again_they_keep_their_progress()
    {
        var runId = NewId();
        await store.CreateSlicesIfMissingAsync(runId, 250);
        var claimed = (await store.GetSliceAsync(runId, 120))!;
        claimed.Status = SliceStatus.Running;
        claimed.Attempt = 1;
        (await store.TryUpdateSliceAsync(claimed)).ShouldBeTrue();

        await store.CreateSlicesIfMissingAsync(runId, 250);

        var slices = await store.GetSlicesAsync(runId);
        slices.Select(s => s.Index).ShouldBe(Enumerable.Range(0, 250));
        slices.Count(s => s.Status == SliceStatus.Pending).ShouldBe(249);
        (slices[120].Status, slices[120].Attempt).ShouldBe((SliceStatus.Running, 1));
    }

    [Fact]
    public async Task Seconds_written_in_batches_of_more_than_a_hundred_read_back_whole_in_order_and_a_rewrite_replaces()
    {
        var runId = NewId();
        var seconds = Enumerable.Range(0, 1_250).Select(s => Second(runId, slice: 1, second: s, requests: s + 1)).ToList();

        await store.WriteSecondsAsync(seconds);
        await store.WriteSecondsAsync([Second(runId, slice: 1, second: 7, requests: 1_000)]);
        var back = await ReadAllAsync(runId, 1, afterSecond: -1);
        var after = await ReadAllAsync(runId, 1, afterSecond: 1_200);
        var encoded = await store.ReadEncodedSecondsAsync(runId, 1);

        back.Select(s => s.Second).ShouldBe(Enumerable.Range(0, 1_250).Select(s => (long)s), "1,250 rows span several pages of 1,000");
        back[7].TotalRequests.ShouldBe(1_000);
        back.Where(s => s.Second != 7).ShouldAllBe(s => s.TotalRequests == s.Second + 1);
        after.Select(s => s.Second).ShouldBe(Enumerable.Range(1_201, 49).Select(s => (long)s));
        encoded.Count.ShouldBe(1_250);
        SliceSecondCodec.DecodeRequests(Encoding.UTF8.GetString(encoded[7].RequestsJson.Span))["home"].Requests.ShouldBe(1_000);
        (await ReadAllAsync(runId, 0, afterSecond: -1)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Artifacts_are_published_once_and_listed_by_their_names_within_the_run()
    {
        var runId = NewId();
        (await store.PublishArtifactAsync(runId, "report.json", "{}"u8.ToArray(), "application/json")).ShouldBeTrue();
        (await store.PublishArtifactAsync(runId, "report.json", "{\"again\":1}"u8.ToArray(), "application/json")).ShouldBeFalse();
        await store.PutArtifactAsync(runId, "charts/latency.svg", "<svg/>"u8.ToArray(), "image/svg+xml");

        var items = await store.ListArtifactsAsync(runId);
        var report = await store.GetArtifactAsync(runId, "report.json");

        items.Select(i => i.Name).ShouldBe(["charts/latency.svg", "report.json"]);
        Encoding.UTF8.GetString(report!.Data).ShouldBe("{}");
        report.ContentType.ShouldBe("application/json");
        (await store.GetArtifactAsync(runId, "missing.md")).ShouldBeNull();
    }

    [Fact]
    public async Task A_plan_is_stored_as_sent_and_messages_go_out_as_base64_json()
    {
        var runId = NewId();
        await store.PutPlanAsync(runId, "name: ünïcode\n");
        await store.SendAsync(store.QueueNames.RunRequests, new RunRequestMessage(runId));

        var peeked = (await store.Queue(store.QueueNames.RunRequests).PeekMessagesAsync(32)).Value;
        var text = peeked.Single(m => MessageCodec.Decode<RunRequestMessage>(m.Body.ToString()).RunId == runId).Body.ToString();

        (await store.GetPlanAsync(runId)).ShouldBe("name: ünïcode\n");
        Encoding.UTF8.GetString(Convert.FromBase64String(text)).ShouldBe($$"""{"runId":"{{runId}}"}""");
        (await store.GetPlanAsync("no-such-run")).ShouldBeNull();
    }

    private async Task<List<SliceSecond>> ReadAllAsync(string runId, int slice, long afterSecond)
    {
        var all = new List<SliceSecond>();
        await foreach (var second in store.ReadSecondsAsync(runId, slice, afterSecond))
        {
            all.Add(second);
        }

        return all;
    }

    private static string NewId() => TestNames.Queue("run");

    private static RunRecord NewRun(string? id = null) => new()
    {
        RunId = id ?? NewId(),
        PlanName = "checkout",
        Status = RunStatus.Queued,
        CreatedAt = DateTimeOffset.UtcNow,
        SliceCount = 4,
    };

    private static SliceSecond Second(string runId, int slice, long second, long requests)
    {
        var stats = new RequestStats { Requests = requests };
        stats.StatusCodes["200"] = requests;
        stats.Latency.RecordMicros(1_000);
        return new SliceSecond
        {
            RunId = runId,
            Slice = slice,
            Attempt = 1,
            Second = second,
            ActiveVus = 2,
            Requests = new Dictionary<string, RequestStats> { ["home"] = stats },
        };
    }
}
