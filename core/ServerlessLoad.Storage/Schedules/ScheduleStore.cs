using System.Text;
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

    public ScheduleStore(StorageAccount account, string tableName = DefaultTableName, string plansContainer = PlansContainerName)
    {
        ArgumentNullException.ThrowIfNull(account);
        Table = account.GetTable(tableName);
        Plans = account.GetContainer(plansContainer);
    }

    public TableClient Table { get; }

    public BlobContainerClient Plans { get; }

    public async Task EnsureCreatedAsync(CancellationToken ct = default) =>
        await Task.WhenAll(Table.CreateIfNotExistsAsync(ct), Plans.CreateIfNotExistsAsync(ct)).ConfigureAwait(false);

    /// <summary>Adds the schedule; false when one with that name exists.</summary>
    public async Task<bool> TryCreateAsync(ScheduleRecord schedule, CancellationToken ct = default)
    {
        try
        {
            schedule.ETag = await Table.InsertAsync(ScheduleMapping.ToEntity(schedule), ct).ConfigureAwait(false);
            return true;
        }
        catch (StorageException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<ScheduleRecord?> GetAsync(string name, CancellationToken ct = default)
    {
        var entity = await Table.GetAsync(Partition, name, null, ct).ConfigureAwait(false);
        return entity is null ? null : ScheduleMapping.ToRecord(entity);
    }

    public async Task<IReadOnlyList<ScheduleRecord>> ListAsync(CancellationToken ct = default)
    {
        var schedules = new List<ScheduleRecord>();
        await foreach (var e in Table.QueryAsync($"PartitionKey eq {TableClient.Quote(Partition)}", null, ct).ConfigureAwait(false))
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
            schedule.ETag = await Table.UpdateAsync(ScheduleMapping.ToEntity(schedule), schedule.ETag ?? "*", TableUpdateMode.Replace, ct).ConfigureAwait(false);
            return true;
        }
        catch (StorageException e) when (e.Status is 412 or 404)
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
        if (await GetAsync(name, ct).ConfigureAwait(false) is null)
        {
            return false;
        }

        await Table.DeleteAsync(Partition, name, "*", ct).ConfigureAwait(false);
        return true;
    }

    // Stored plans

    public static string PlanBlobName(string planName) => $"{LibraryPrefix}{planName}.yaml";

    /// <summary>Stores (or replaces) a named plan; true when it is new.</summary>
    public async Task<bool> PutPlanAsync(string planName, string planText, CancellationToken ct = default)
    {
        var existed = await Plans.GetAsync(PlanBlobName(CheckName(planName)), ct).ConfigureAwait(false) is not null;
        await Plans.PutAsync(PlanBlobName(planName), Encoding.UTF8.GetBytes(planText), "application/yaml", null, false, ct).ConfigureAwait(false);
        return !existed;
    }

    public async Task<string?> GetPlanAsync(string planName, CancellationToken ct = default)
    {
        var blob = await Plans.GetAsync(PlanBlobName(CheckName(planName)), ct).ConfigureAwait(false);
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

    public async Task<bool> DeletePlanAsync(string planName, CancellationToken ct = default)
    {
        var blobName = PlanBlobName(CheckName(planName));
        if (await Plans.GetAsync(blobName, ct).ConfigureAwait(false) is null)
        {
            return false;
        }

        await Plans.DeleteAsync(blobName, ct).ConfigureAwait(false);
        return true;
    }

    private static string CheckName(string planName) =>
        ScheduleNames.Problem(planName) is { } problem ? throw new ArgumentException($"Plan name {problem}.", nameof(planName)) : planName;
}
