using System.Runtime.CompilerServices;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
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

    /// <summary>Slice rows one table transaction creates (a transaction holds at most 100 entities of one partition).</summary>
    public const int SliceRowsPerTransaction = MaxBatch;

    // What the merge needs of an Intervals row: the run id, request total, health and drops are left on the server.
    private static readonly string[] EncodedColumns =
        ["Slice", "Attempt", "Second", "ActiveVus", "Chunks", "Dropped", "Health", .. IntervalMapping.DataColumns];

    public PipelineStore(StorageClients clients, QueueNameSettings? queues = null)
    {
        Clients = clients;
        QueueNames = queues ?? new QueueNameSettings();
        Runs = clients.GetTable("Runs");
        Slices = clients.GetTable("Slices");
        Intervals = clients.GetTable("Intervals");
        Plans = clients.GetContainer("plans");
        Reports = clients.GetContainer("reports");
        ReportStages = clients.GetContainer("report-stages");
    }

    public StorageClients Clients { get; }

    public QueueNameSettings QueueNames { get; }

    public TableClient Runs { get; }

    public TableClient Slices { get; }

    public TableClient Intervals { get; }

    public BlobContainerClient Plans { get; }

    public BlobContainerClient Reports { get; }

    /// <summary>Checkpoints of BuildReport's stages (merged model, staged artifacts), so a crash resumes where it stopped.</summary>
    public BlobContainerClient ReportStages { get; }

    public QueueClient Queue(string name) => Clients.GetQueue(name);

    public async Task EnsureCreatedAsync(CancellationToken ct = default)
    {
        await Task.WhenAll(
            Runs.CreateIfNotExistsAsync(ct),
            Slices.CreateIfNotExistsAsync(ct),
            Intervals.CreateIfNotExistsAsync(ct),
            Plans.CreateIfNotExistsAsync(cancellationToken: ct),
            Reports.CreateIfNotExistsAsync(cancellationToken: ct),
            ReportStages.CreateIfNotExistsAsync(cancellationToken: ct)).ConfigureAwait(false);
        foreach (var queue in QueueNames.All)
        {
            await Queue(queue).CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
            await Queue(Core.Messages.QueueNames.Poison(queue)).CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Walks the read paths a stage takes on its first message (a run, its plan, its slices and rows, the queue), for
    /// ids that do not exist: a process whose code is compiled fully on first use (the runners) pays for it at start-up
    /// instead of in the first seconds of a run.
    /// </summary>
    public async Task WarmUpAsync(CancellationToken ct = default)
    {
        const string none = "warm-up-run";
        await GetRunAsync(none, ct).ConfigureAwait(false);
        await GetPlanAsync(none, ct).ConfigureAwait(false);
        await GetSliceAsync(none, 0, ct).ConfigureAwait(false);
        await GetSlicesAsync(none, ct).ConfigureAwait(false);
        await ReadEncodedSecondsAsync(none, 0, ct).ConfigureAwait(false);
        await Queue(QueueNames.Slices).PeekMessagesAsync(1, ct).ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="message"/>; a traced message continues the current span's trace (see <see cref="ITracedMessage"/>).</summary>
    public async Task SendAsync<T>(string queue, T message, TimeSpan? delay = null, CancellationToken ct = default) =>
        await Queue(queue).SendMessageAsync(MessageCodec.Encode(message, CurrentTraceParent()), delay, null, ct).ConfigureAwait(false);

    private static string? CurrentTraceParent() =>
        System.Diagnostics.Activity.Current is { IdFormat: System.Diagnostics.ActivityIdFormat.W3C, Recorded: true } current ? current.Id : null;

    // Runs

    /// <summary>Adds the run row; a row with that id already there is a 409 (<see cref="StorageFailure.Is"/>).</summary>
    public async Task CreateRunAsync(RunRecord run, CancellationToken ct = default) =>
        run.ETag = (await Runs.AddEntityAsync(EntityMapping.ToEntity(run), ct).ConfigureAwait(false)).Headers.ETag?.ToString();

    public async Task<RunRecord?> GetRunAsync(string runId, CancellationToken ct = default)
    {
        var entity = await Runs.GetEntityIfExistsAsync<TableEntity>(EntityMapping.RunsPartition, runId, cancellationToken: ct).ConfigureAwait(false);
        return entity.HasValue ? EntityMapping.ToRun(entity.Value!) : null;
    }

    /// <summary>Replaces the run row if nobody changed it since it was read; false when someone did (412).</summary>
    public async Task<bool> TryUpdateRunAsync(RunRecord run, CancellationToken ct = default)
    {
        try
        {
            run.ETag = await ReplaceAsync(Runs, EntityMapping.ToEntity(run), run.ETag, ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412)
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
        await foreach (var e in Runs.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {EntityMapping.RunsPartition}"), cancellationToken: ct).ConfigureAwait(false))
        {
            runs.Add(EntityMapping.ToRun(e));
        }

        return runs.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.RunId, StringComparer.Ordinal).ToList();
    }

    /// <summary>Runs in any of <paramref name="statuses"/>, by a filtered query (the watchdog's scan).</summary>
    public async Task<IReadOnlyList<RunRecord>> ListRunsInStatusAsync(IEnumerable<string> statuses, CancellationToken ct = default)
    {
        var any = string.Join(" or ", statuses.Select(s => TableClient.CreateQueryFilter($"Status eq {s}")));
        var runs = new List<RunRecord>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {EntityMapping.RunsPartition}") + $" and ({any})";
        await foreach (var e in Runs.QueryAsync<TableEntity>(filter, cancellationToken: ct).ConfigureAwait(false))
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
            slice.ETag = (await Slices.AddEntityAsync(EntityMapping.ToEntity(slice), ct).ConfigureAwait(false)).Headers.ETag?.ToString();
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
        }
    }

    /// <summary>
    /// Creates the pending rows of slices 0..count-1 that do not exist yet: <see cref="SliceRowsPerTransaction"/> to a
    /// transaction, the transactions side by side.
    /// </summary>
    public async Task CreateSlicesIfMissingAsync(string runId, int count, CancellationToken ct = default) =>
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count).Chunk(SliceRowsPerTransaction),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (chunk, token) => await CreateSliceRowsIfMissingAsync(runId, chunk, token).ConfigureAwait(false)).ConfigureAwait(false);

    /// <summary>
    /// Creates the pending rows of these slices (at most <see cref="SliceRowsPerTransaction"/>) in one transaction (one
    /// partition). A transaction that meets an existing row (a repeated planning message) is done again row by row, so
    /// progress already stored is never reset.
    /// </summary>
    public async Task CreateSliceRowsIfMissingAsync(string runId, IReadOnlyCollection<int> indexes, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(indexes.Count, SliceRowsPerTransaction);
        var rows = indexes.Select(i => new SliceRecord { RunId = runId, Index = i, Status = Core.Runs.SliceStatus.Pending }).ToList();
        try
        {
            await Slices.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, EntityMapping.ToEntity(r))), ct).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            foreach (var row in rows)
            {
                await CreateSliceIfMissingAsync(row, ct).ConfigureAwait(false);
            }
        }
    }

    public async Task<SliceRecord?> GetSliceAsync(string runId, int index, CancellationToken ct = default)
    {
        var e = await Slices.GetEntityIfExistsAsync<TableEntity>(runId, EntityMapping.SliceRowKey(index), cancellationToken: ct).ConfigureAwait(false);
        return e.HasValue ? EntityMapping.ToSlice(e.Value!) : null;
    }

    public async Task<bool> TryUpdateSliceAsync(SliceRecord slice, CancellationToken ct = default)
    {
        try
        {
            slice.ETag = await ReplaceAsync(Slices, EntityMapping.ToEntity(slice), slice.ETag, ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<SliceRecord>> GetSlicesAsync(string runId, CancellationToken ct = default)
    {
        var slices = new List<SliceRecord>();
        await foreach (var e in Slices.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {runId}"), cancellationToken: ct).ConfigureAwait(false))
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
                var actions = batch
                    .Select(s => new TableTransactionAction(TableTransactionActionType.UpsertReplace, IntervalMapping.ToEntity(s)))
                    .ToList();
                await Intervals.SubmitTransactionAsync(actions, ct).ConfigureAwait(false);
            }
        }
    }

    public IAsyncEnumerable<SliceSecond> ReadSecondsAsync(string runId, int slice, CancellationToken ct = default) =>
        ReadSecondsAsync(runId, slice, -1, ct);

    /// <summary>The slice's rows after second <paramref name="afterSecond"/>, in order (for reading a running slice's new rows).</summary>
    public async IAsyncEnumerable<SliceSecond> ReadSecondsAsync(string runId, int slice, long afterSecond, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var filter = afterSecond >= 0
            ? TableClient.CreateQueryFilter($"PartitionKey eq {EntityMapping.IntervalPartition(runId, slice)} and RowKey gt {EntityMapping.SecondRowKey(afterSecond)}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {EntityMapping.IntervalPartition(runId, slice)}");
        await foreach (var e in Intervals.QueryAsync<TableEntity>(filter, cancellationToken: ct).ConfigureAwait(false))
        {
            yield return IntervalMapping.ToSecond(e);
        }
    }

    /// <summary>A slice's rows as the report's merge reads them: per-request JSON left encoded, health and drops as stored.</summary>
    public async Task<IReadOnlyList<EncodedSliceSecond>> ReadEncodedSecondsAsync(string runId, int slice, CancellationToken ct = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {EntityMapping.IntervalPartition(runId, slice)}");
        var rows = new List<EncodedSliceSecond>();
        await foreach (var e in Intervals.QueryAsync<TableEntity>(filter, select: EncodedColumns, cancellationToken: ct).ConfigureAwait(false))
        {
            rows.Add(IntervalMapping.ToEncoded(e));
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
        Plans.WriteAsync($"{runId}/{PlanBlobName}", Encoding.UTF8.GetBytes(planText), "application/yaml", ct);

    public async Task<string?> GetPlanAsync(string runId, CancellationToken ct = default)
    {
        var blob = await Plans.ReadAsync($"{runId}/{PlanBlobName}", ct).ConfigureAwait(false);
        return blob is null ? null : Encoding.UTF8.GetString(blob.Data);
    }

    /// <summary>
    /// Where a run's artifacts wait in the report-stages container (<c>{runId}/artifacts/</c>) until BuildReport publishes
    /// everything there: the report's own files, and files runners stage while the run goes (screenshots).
    /// </summary>
    public const string StagedArtifactsFolder = "artifacts/";

    /// <summary>Stages a file to be published with the run's report (replacing a staged file of the same name).</summary>
    public Task StageArtifactAsync(string runId, string name, byte[] data, string contentType, CancellationToken ct = default) =>
        ReportStages.WriteAsync($"{runId}/{StagedArtifactsFolder}{name}", data, contentType, ct);

    public Task PutArtifactAsync(string runId, string name, byte[] data, string contentType, CancellationToken ct = default) =>
        Reports.WriteAsync($"{runId}/{name}", data, contentType, ct);

    /// <summary>Creates the artifact only if it does not exist yet: a repeated publish never rewrites a published file.</summary>
    public Task<bool> PublishArtifactAsync(string runId, string name, byte[] data, string contentType, CancellationToken ct = default) =>
        Reports.TryCreateAsync($"{runId}/{name}", data, contentType, ct);

    public Task<BlobContent?> GetArtifactAsync(string runId, string name, CancellationToken ct = default) =>
        Reports.ReadAsync($"{runId}/{name}", ct);

    public async Task<IReadOnlyList<StoredBlob>> ListArtifactsAsync(string runId, CancellationToken ct = default)
    {
        var items = new List<StoredBlob>();
        await foreach (var item in Reports.ListAsync($"{runId}/", ct).ConfigureAwait(false))
        {
            items.Add(item with { Name = item.Name[(runId.Length + 1)..] });
        }

        return items;
    }

    /// <summary>Replaces the row if its version is still <paramref name="etag"/> (any version when null); returns the new version.</summary>
    private static async Task<string?> ReplaceAsync(TableClient table, TableEntity entity, string? etag, CancellationToken ct) =>
        (await table.UpdateEntityAsync(entity, etag is null ? ETag.All : new ETag(etag), TableUpdateMode.Replace, ct).ConfigureAwait(false)).Headers.ETag?.ToString();
}
