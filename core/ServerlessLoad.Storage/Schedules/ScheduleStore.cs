using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ServerlessLoad.Core.Schedules;

namespace ServerlessLoad.Storage.Schedules;

/// <summary>
/// Schedules in a table (one row per schedule, partition "schedule", row key = name) and stored plans as blobs
/// library/&lt;name&gt;.yaml in the plans container. Every change to a row is conditional on its ETag.
/// </summary>
public sealed class ScheduleStore
{
    public const string DefaultTableName = "Schedules";
    public const string PlansContainerName = "plans";
    private const string Partition = ScheduleMapping.Partition;
    private const string LibraryPrefix = "library/";

    public ScheduleStore(StorageClients clients, string tableName = DefaultTableName, string plansContainer = PlansContainerName)
    {
        ArgumentNullException.ThrowIfNull(clients);
        Table = clients.GetTable(tableName);
        Plans = clients.GetContainer(plansContainer);
    }

    public TableClient Table { get; }

    public BlobContainerClient Plans { get; }

    public async Task EnsureCreatedAsync(CancellationToken ct = default) =>
        await Task.WhenAll(Table.CreateIfNotExistsAsync(ct), Plans.CreateIfNotExistsAsync(cancellationToken: ct)).ConfigureAwait(false);

    /// <summary>Adds the schedule; false when one with that name exists.</summary>
    public async Task<bool> TryCreateAsync(ScheduleRecord schedule, CancellationToken ct = default)
    {
        try
        {
            schedule.ETag = (await Table.AddEntityAsync(ScheduleMapping.ToEntity(schedule), ct).ConfigureAwait(false)).Headers.ETag?.ToString();
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<ScheduleRecord?> GetAsync(string name, CancellationToken ct = default)
    {
        var entity = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, name, cancellationToken: ct).ConfigureAwait(false);
        return entity.HasValue ? ScheduleMapping.ToRecord(entity.Value!) : null;
    }

    public async Task<IReadOnlyList<ScheduleRecord>> ListAsync(CancellationToken ct = default)
    {
        var schedules = new List<ScheduleRecord>();
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: ct).ConfigureAwait(false))
        {
            schedules.Add(ScheduleMapping.ToRecord(e));
        }

        return schedules.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>Replaces the row if nobody changed it since it was read (its ETag); false when someone did or it is gone.</summary>
    public async Task<bool> TryUpdateAsync(ScheduleRecord schedule, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        try
        {
            var etag = schedule.ETag is null ? ETag.All : new ETag(schedule.ETag);
            schedule.ETag = (await Table.UpdateEntityAsync(ScheduleMapping.ToEntity(schedule), etag, TableUpdateMode.Replace, ct).ConfigureAwait(false)).Headers.ETag?.ToString();
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the current row until the conditional update wins; the change returns
    /// false to leave the row as it is. Null when the schedule does not exist.
    /// </summary>
    public async Task<(ScheduleRecord? Schedule, bool Changed)> UpdateAsync(string name, Func<ScheduleRecord, bool> change, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var schedule = await GetAsync(name, ct).ConfigureAwait(false);
            if (schedule is null)
            {
                return (null, false);
            }

            if (!change(schedule))
            {
                return (schedule, false);
            }

            if (await TryUpdateAsync(schedule, ct).ConfigureAwait(false))
            {
                return (schedule, true);
            }
        }

        throw new InvalidOperationException($"Schedule {name} kept changing under 20 conditional updates.");
    }

    /// <summary>Deletes the schedule; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string name, CancellationToken ct = default)
    {
        // The SDK answers a delete of a missing entity with its 404 response rather than an exception.
        var response = await Table.DeleteEntityAsync(Partition, name, ETag.All, ct).ConfigureAwait(false);
        return response.Status != 404;
    }

    // Stored plans

    public static string PlanBlobName(string planName) => $"{LibraryPrefix}{planName}.yaml";

    /// <summary>Stores (or replaces) a named plan; true when it is new.</summary>
    public async Task<bool> PutPlanAsync(string planName, string planText, CancellationToken ct = default)
    {
        var existed = await Plans.GetBlobClient(PlanBlobName(CheckName(planName))).ExistsAsync(ct).ConfigureAwait(false);
        await Plans.WriteAsync(PlanBlobName(planName), Encoding.UTF8.GetBytes(planText), "application/yaml", ct).ConfigureAwait(false);
        return !existed.Value;
    }

    public async Task<string?> GetPlanAsync(string planName, CancellationToken ct = default)
    {
        var blob = await Plans.ReadAsync(PlanBlobName(CheckName(planName)), ct).ConfigureAwait(false);
        return blob is null ? null : Encoding.UTF8.GetString(blob.Data);
    }

    public async Task<IReadOnlyList<string>> ListPlansAsync(CancellationToken ct = default)
    {
        var names = new List<string>();
        await foreach (var item in Plans.ListAsync(LibraryPrefix, ct).ConfigureAwait(false))
        {
            if (item.Name.EndsWith(".yaml", StringComparison.Ordinal))
            {
                names.Add(item.Name[LibraryPrefix.Length..^".yaml".Length]);
            }
        }

        return names;
    }

    public async Task<bool> DeletePlanAsync(string planName, CancellationToken ct = default) =>
        (await Plans.DeleteBlobIfExistsAsync(PlanBlobName(CheckName(planName)), cancellationToken: ct).ConfigureAwait(false)).Value;

    private static string CheckName(string planName) =>
        ScheduleNames.Problem(planName) is { } problem ? throw new ArgumentException($"Plan name {problem}.", nameof(planName)) : planName;
}
