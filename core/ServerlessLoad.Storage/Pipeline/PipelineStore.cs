using System.Runtime.CompilerServices;
using System.Text;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Core.Results;

namespace ServerlessLoad.Storage.Pipeline;

/// <summary>
/// The pipeline's storage layout on one account: tables Runs, Slices, Intervals; containers plans and reports; the
/// four queues and their poison queues. Every write uses deterministic keys so repeated deliveries change nothing.
/// </summary>
public sealed class PipelineStore
{
    public const string PlanBlobName = "plan.yaml";
    private const int MaxBatch = 100;

    // What the merge needs of an Intervals row: the run id, request total, health and drops are left on the server.
    private static readonly string[] EncodedColumns =
        ["Slice", "Attempt", "Second", "ActiveVus", "Chunks", "Dropped", "Health", .. IntervalMapping.DataColumns];

    public PipelineStore(StorageAccount account, QueueNameSettings? queues = null)
    {
        Account = account;
        QueueNames = queues ?? new QueueNameSettings();
        Runs = account.GetTable("Runs");
        Slices = account.GetTable("Slices");
        Intervals = account.GetTable("Intervals");
        Plans = account.GetContainer("plans");
        Reports = account.GetContainer("reports");
        ReportStages = account.GetContainer("report-stages");
    }

    public StorageAccount Account { get; }

    public QueueNameSettings QueueNames { get; }

    public TableClient Runs { get; }

    public TableClient Slices { get; }

    public TableClient Intervals { get; }

    public BlobContainerClient Plans { get; }

    public BlobContainerClient Reports { get; }

    /// <summary>Checkpoints of BuildReport's stages (merged model, staged artifacts), so a crash resumes where it stopped.</summary>
    public BlobContainerClient ReportStages { get; }

    public QueueClient Queue(string name) => Account.GetQueue(name);

    public async Task EnsureCreatedAsync(CancellationToken ct = default)
    {
        await Task.WhenAll(
            Runs.CreateIfNotExistsAsync(ct),
            Slices.CreateIfNotExistsAsync(ct),
            Intervals.CreateIfNotExistsAsync(ct),
            Plans.CreateIfNotExistsAsync(ct),
            Reports.CreateIfNotExistsAsync(ct),
            ReportStages.CreateIfNotExistsAsync(ct)).ConfigureAwait(false);
        foreach (var queue in QueueNames.All)
        {
            await Queue(queue).CreateIfNotExistsAsync(ct).ConfigureAwait(false);
            await Queue(Core.Messages.QueueNames.Poison(queue)).CreateIfNotExistsAsync(ct).ConfigureAwait(false);
        }
    }

    public Task SendAsync<T>(string queue, T message, TimeSpan? delay = null, CancellationToken ct = default) =>
        Queue(queue).SendAsync(MessageCodec.Encode(message), delay, null, ct);

    // Runs

    public async Task CreateRunAsync(RunRecord run, CancellationToken ct = default) =>
        run.ETag = await Runs.InsertAsync(EntityMapping.ToEntity(run), ct).ConfigureAwait(false);

    public async Task<RunRecord?> GetRunAsync(string runId, CancellationToken ct = default)
    {
        var entity = await Runs.GetAsync(EntityMapping.RunsPartition, runId, null, ct).ConfigureAwait(false);
        return entity is null ? null : EntityMapping.ToRun(entity);
    }

    /// <summary>Replaces the run row if nobody changed it since it was read; false when someone did (412).</summary>
    public async Task<bool> TryUpdateRunAsync(RunRecord run, CancellationToken ct = default)
    {
        try
        {
            run.ETag = await Runs.UpdateAsync(EntityMapping.ToEntity(run), run.ETag ?? "*", TableUpdateMode.Replace, ct).ConfigureAwait(false);
            return true;
        }
        catch (StorageException e) when (e.Status == 412)
        {
            return false;
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the current row until the conditional update wins; the change returns false
    /// to leave the row as it is. Returns the row as finally stored (or left), null when the run does not exist.
    /// </summary>
    public async Task<(RunRecord? Run, bool Changed)> UpdateRunAsync(string runId, Func<RunRecord, bool> change, CancellationToken ct = default)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var run = await GetRunAsync(runId, ct).ConfigureAwait(false);
            if (run is null)
            {
                return (null, false);
            }

            if (!change(run))
            {
                return (run, false);
            }

            if (await TryUpdateRunAsync(run, ct).ConfigureAwait(false))
            {
                return (run, true);
            }
        }

        throw new InvalidOperationException($"Run {runId} kept changing under 20 conditional updates.");
    }

    public async Task<IReadOnlyList<RunRecord>> ListRunsAsync(CancellationToken ct = default)
    {
        var runs = new List<RunRecord>();
        await foreach (var e in Runs.QueryAsync($"PartitionKey eq {TableClient.Quote(EntityMapping.RunsPartition)}", null, ct).ConfigureAwait(false))
        {
            runs.Add(EntityMapping.ToRun(e));
        }

        return runs.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.RunId, StringComparer.Ordinal).ToList();
    }

    /// <summary>Runs in any of <paramref name="statuses"/>, by a filtered query (the watchdog's scan).</summary>
    public async Task<IReadOnlyList<RunRecord>> ListRunsInStatusAsync(IEnumerable<string> statuses, CancellationToken ct = default)
    {
        var any = string.Join(" or ", statuses.Select(s => $"Status eq {TableClient.Quote(s)}"));
        var runs = new List<RunRecord>();
        await foreach (var e in Runs.QueryAsync($"PartitionKey eq {TableClient.Quote(EntityMapping.RunsPartition)} and ({any})", null, ct).ConfigureAwait(false))
        {
            runs.Add(EntityMapping.ToRun(e));
        }

        return runs;
    }

    // Slices

    /// <summary>Creates the slice row unless it exists (a repeated planning message must not reset progress).</summary>
    public async Task CreateSliceIfMissingAsync(SliceRecord slice, CancellationToken ct = default)
    {
        try
        {
            slice.ETag = await Slices.InsertAsync(EntityMapping.ToEntity(slice), ct).ConfigureAwait(false);
        }
        catch (StorageException e) when (e.Status == 409)
        {
        }
    }

    public async Task<SliceRecord?> GetSliceAsync(string runId, int index, CancellationToken ct = default)
    {
        var e = await Slices.GetAsync(runId, EntityMapping.SliceRowKey(index), null, ct).ConfigureAwait(false);
        return e is null ? null : EntityMapping.ToSlice(e);
    }

    public async Task<bool> TryUpdateSliceAsync(SliceRecord slice, CancellationToken ct = default)
    {
        try
        {
            slice.ETag = await Slices.UpdateAsync(EntityMapping.ToEntity(slice), slice.ETag ?? "*", TableUpdateMode.Replace, ct).ConfigureAwait(false);
            return true;
        }
        catch (StorageException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<SliceRecord>> GetSlicesAsync(string runId, CancellationToken ct = default)
    {
        var slices = new List<SliceRecord>();
        await foreach (var e in Slices.QueryAsync($"PartitionKey eq {TableClient.Quote(runId)}", null, ct).ConfigureAwait(false))
        {
            slices.Add(EntityMapping.ToSlice(e));
        }

        return slices.OrderBy(s => s.Index).ToList();
    }

    // Intervals

    /// <summary>Upserts per-second rows, batched by slice partition; a second written again replaces itself.</summary>
    public async Task WriteSecondsAsync(IReadOnlyList<SliceSecond> seconds, CancellationToken ct = default)
    {
        foreach (var partition in seconds.GroupBy(s => (s.RunId, s.Slice)))
        {
            foreach (var batch in partition.Chunk(MaxBatch))
            {
                var operations = batch
                    .Select(s => new TableOperation(TableOperationKind.UpsertReplace, IntervalMapping.ToEntity(s)))
                    .ToList();
                await Intervals.SubmitBatchAsync(operations, ct).ConfigureAwait(false);
            }
        }
    }

    public IAsyncEnumerable<SliceSecond> ReadSecondsAsync(string runId, int slice, CancellationToken ct = default) =>
        ReadSecondsAsync(runId, slice, -1, ct);

    /// <summary>The slice's rows after second <paramref name="afterSecond"/>, in order (for reading a running slice's new rows).</summary>
    public async IAsyncEnumerable<SliceSecond> ReadSecondsAsync(string runId, int slice, long afterSecond, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var filter = $"PartitionKey eq {TableClient.Quote(EntityMapping.IntervalPartition(runId, slice))}";
        if (afterSecond >= 0)
        {
            filter += $" and RowKey gt {TableClient.Quote(EntityMapping.SecondRowKey(afterSecond))}";
        }

        await foreach (var e in Intervals.QueryAsync(filter, null, ct).ConfigureAwait(false))
        {
            yield return IntervalMapping.ToSecond(e);
        }
    }

    /// <summary>A slice's rows as the report's merge reads them: per-request JSON left encoded, health and drops as stored.</summary>
    public async Task<IReadOnlyList<EncodedSliceSecond>> ReadEncodedSecondsAsync(string runId, int slice, CancellationToken ct = default)
    {
        var filter = $"PartitionKey eq {TableClient.Quote(EntityMapping.IntervalPartition(runId, slice))}";
        var rows = new List<EncodedSliceSecond>();
        await foreach (var page in Intervals.QueryRawPagesAsync(filter, EncodedColumns, ct).ConfigureAwait(false))
        {
            IntervalPageReader.Read(page.Span, rows);
        }

        return rows;
    }

    public async Task<IReadOnlyList<SliceSecond>> ReadAllSecondsAsync(string runId, int sliceCount, CancellationToken ct = default)
    {
        var all = new List<SliceSecond>();
        for (var slice = 0; slice < sliceCount; slice++)
        {
            await foreach (var second in ReadSecondsAsync(runId, slice, ct).ConfigureAwait(false))
            {
                all.Add(second);
            }
        }

        return all;
    }

    // Blobs

    public Task PutPlanAsync(string runId, string planText, CancellationToken ct = default) =>
        Plans.PutAsync($"{runId}/{PlanBlobName}", Encoding.UTF8.GetBytes(planText), "application/yaml", null, false, ct);

    public async Task<string?> GetPlanAsync(string runId, CancellationToken ct = default)
    {
        var blob = await Plans.GetAsync($"{runId}/{PlanBlobName}", ct).ConfigureAwait(false);
        return blob is null ? null : Encoding.UTF8.GetString(blob.Data);
    }

    public Task PutArtifactAsync(string runId, string name, byte[] data, string contentType, CancellationToken ct = default) =>
        Reports.PutAsync($"{runId}/{name}", data, contentType, null, false, ct);

    /// <summary>Creates the artifact only if it does not exist yet: a repeated publish never rewrites a published file.</summary>
    public async Task<bool> PublishArtifactAsync(string runId, string name, byte[] data, string contentType, CancellationToken ct = default)
    {
        try
        {
            await Reports.PutAsync($"{runId}/{name}", data, contentType, null, true, ct).ConfigureAwait(false);
            return true;
        }
        catch (StorageException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    public async Task<BlobContent?> GetArtifactAsync(string runId, string name, CancellationToken ct = default) =>
        await Reports.GetAsync($"{runId}/{name}", ct).ConfigureAwait(false);

    public async Task<IReadOnlyList<BlobItem>> ListArtifactsAsync(string runId, CancellationToken ct = default)
    {
        var items = new List<BlobItem>();
        await foreach (var item in Reports.ListAsync($"{runId}/", ct).ConfigureAwait(false))
        {
            items.Add(item with { Name = item.Name[(runId.Length + 1)..] });
        }

        return items;
    }
}
