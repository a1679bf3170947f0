using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Azure.Core;

namespace ServerlessLoad.Storage;

/// <summary>One table: point reads and writes with ETags, filtered queries with continuation, and $batch transactions.</summary>
public sealed partial class TableClient
{
    private const string JsonAccept = "application/json;odata=minimalmetadata";
    private static readonly RequestMethod Merge = new("MERGE");

    private readonly StorageService _service;

    internal TableClient(string name, StorageService service)
    {
        Name = name;
        _service = service;
    }

    public string Name { get; }

    /// <summary>An OData string literal for use in filters: O'Brien becomes 'O''Brien'.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    public async Task CreateIfNotExistsAsync(CancellationToken ct = default)
    {
        using var message = CreateMessage(RequestMethod.Post, "Tables");
        SetJsonBody(message, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["TableName"] = Name }));
        var response = await _service.SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status is not (201 or 204 or 409))
        {
            throw StorageService.Failure(message);
        }
    }

    /// <summary>The entity, or null when it does not exist.</summary>
    public async Task<TableEntity?> GetAsync(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken ct = default)
    {
        var url = Name + EntityPath(partitionKey, rowKey) + SelectQuery(select, '?');
        using var message = CreateMessage(RequestMethod.Get, url);
        var response = await _service.SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status == 404)
        {
            return null;
        }

        if (response.Status != 200)
        {
            throw StorageService.Failure(message);
        }

        using var document = JsonDocument.Parse(response.Content.ToMemory());
        var etag = response.Headers.TryGetValue("ETag", out var header) ? header : null;
        return TableEntityJson.Deserialize(document.RootElement, etag);
    }

    /// <summary>Inserts a new entity and returns its ETag (also stored in entity.ETag); an existing one fails with Status 409.</summary>
    public async Task<string> InsertAsync(TableEntity entity, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        using var message = CreateMessage(RequestMethod.Post, Name);
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        SetJsonBody(message, TableEntityJson.Serialize(entity));
        return await SendWriteAsync(message, entity, ct).ConfigureAwait(false);
    }

    /// <summary>Inserts or overwrites (Replace) or inserts or merges into (Merge) the entity; returns the new ETag (also stored in entity.ETag).</summary>
    public Task<string> UpsertAsync(TableEntity entity, TableUpdateMode mode = TableUpdateMode.Replace, CancellationToken ct = default) =>
        WriteExistingAsync(entity, ifMatch: null, mode, ct);

    /// <summary>Updates the entity only if its stored ETag matches <paramref name="ifMatch"/> ("*" for any); a stale ETag fails with Status 412.</summary>
    public Task<string> UpdateAsync(TableEntity entity, string ifMatch, TableUpdateMode mode = TableUpdateMode.Replace, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ifMatch);
        return WriteExistingAsync(entity, ifMatch, mode, ct);
    }

    /// <summary>Deletes the entity if it matches <paramref name="ifMatch"/>; an entity that is already gone is not an error.</summary>
    public async Task DeleteAsync(string partitionKey, string rowKey, string ifMatch = "*", CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ifMatch);
        using var message = CreateMessage(RequestMethod.Delete, Name + EntityPath(partitionKey, rowKey));
        message.Request.Headers.SetValue("If-Match", ifMatch);
        var response = await _service.SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status is not (204 or 404))
        {
            throw StorageService.Failure(message);
        }
    }

    /// <summary>One page (at most 1000, or <paramref name="top"/>) of entities matching an OData <paramref name="filter"/>.</summary>
    public async Task<TablePage> QueryPageAsync(
        string? filter = null,
        IEnumerable<string>? select = null,
        int? top = null,
        string? continuationToken = null,
        CancellationToken ct = default)
    {
        using var message = QueryMessage(filter, select, top, continuationToken);
        var response = await _service.SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status != 200)
        {
            throw StorageService.Failure(message);
        }

        var entities = new List<TableEntity>();
        using (var document = JsonDocument.Parse(response.Content.ToMemory()))
        {
            if (document.RootElement.TryGetProperty("value", out var rows))
            {
                foreach (var row in rows.EnumerateArray())
                {
                    entities.Add(TableEntityJson.Deserialize(row));
                }
            }
        }

        return new TablePage(entities, NextToken(response));
    }

    /// <summary>
    /// Every page of entities matching <paramref name="filter"/> as the service's OData JSON (minimal metadata, the
    /// entities under "value"), for readers that pick the few properties they need without building entities. Each page
    /// is valid until the next one is asked for.
    /// </summary>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> QueryRawPagesAsync(
        string? filter = null,
        IEnumerable<string>? select = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var columns = select?.ToList();
        string? token = null;
        do
        {
            using var message = QueryMessage(filter, columns, top: null, token);
            var response = await _service.SendAsync(message, ct).ConfigureAwait(false);
            if (response.Status != 200)
            {
                throw StorageService.Failure(message);
            }

            yield return response.Content.ToMemory();
            token = NextToken(response);
        }
        while (token is not null);
    }

    private HttpMessage QueryMessage(string? filter, IEnumerable<string>? select, int? top, string? continuationToken)
    {
        if (top is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(top), top, "A query page holds 1 to 1000 entities.");
        }

        var query = new StringBuilder();
        void Add(string name, string value) => query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        if (!string.IsNullOrWhiteSpace(filter))
        {
            Add("$filter", filter);
        }

        if (top is { } pageSize)
        {
            Add("$top", pageSize.ToString(CultureInfo.InvariantCulture));
        }

        query.Append(SelectQuery(select, query.Length == 0 ? '?' : '&'));
        if (continuationToken is not null)
        {
            var (nextPartition, nextRow) = TableContinuation.Decode(continuationToken);
            if (nextPartition is not null)
            {
                Add("NextPartitionKey", nextPartition);
            }

            if (nextRow is not null)
            {
                Add("NextRowKey", nextRow);
            }
        }

        return CreateMessage(RequestMethod.Get, $"{Name}(){query}");
    }

    private static string? NextToken(Azure.Response response) =>
        TableContinuation.Encode(
            response.Headers.TryGetValue("x-ms-continuation-NextPartitionKey", out var partitionHeader) ? partitionHeader : null,
            response.Headers.TryGetValue("x-ms-continuation-NextRowKey", out var rowHeader) ? rowHeader : null);

    /// <summary>Every entity matching <paramref name="filter"/>, following continuations page by page.</summary>
    public async IAsyncEnumerable<TableEntity> QueryAsync(
        string? filter = null,
        IEnumerable<string>? select = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var columns = select?.ToList();
        string? token = null;
        do
        {
            var page = await QueryPageAsync(filter, columns, top: null, token, ct).ConfigureAwait(false);
            foreach (var entity in page.Entities)
            {
                yield return entity;
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
    }

    internal static string EntityPath(string partitionKey, string rowKey)
    {
        StorageNames.ValidateKey(partitionKey, "PartitionKey");
        StorageNames.ValidateKey(rowKey, "RowKey");
        return $"(PartitionKey={Uri.EscapeDataString(Quote(partitionKey))},RowKey={Uri.EscapeDataString(Quote(rowKey))})";
    }

    private async Task<string> WriteExistingAsync(TableEntity entity, string? ifMatch, TableUpdateMode mode, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var method = mode == TableUpdateMode.Merge ? Merge : RequestMethod.Put;
        using var message = CreateMessage(method, Name + EntityPath(entity.PartitionKey, entity.RowKey));
        if (ifMatch is not null)
        {
            message.Request.Headers.SetValue("If-Match", ifMatch);
        }

        SetJsonBody(message, TableEntityJson.Serialize(entity));
        return await SendWriteAsync(message, entity, ct).ConfigureAwait(false);
    }

    private async Task<string> SendWriteAsync(HttpMessage message, TableEntity entity, CancellationToken ct)
    {
        var response = await _service.SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status is not (201 or 204))
        {
            throw StorageService.Failure(message);
        }

        var etag = response.Headers.TryGetValue("ETag", out var header) ? header : "";
        entity.ETag = etag;
        return etag;
    }

    private HttpMessage CreateMessage(RequestMethod method, string relativeUrl)
    {
        var message = _service.CreateMessage(method, relativeUrl);
        message.Request.Headers.SetValue("Accept", JsonAccept);
        message.Request.Headers.SetValue("DataServiceVersion", "3.0");
        message.Request.Headers.SetValue("MaxDataServiceVersion", "3.0;NetFx");
        return message;
    }

    private static void SetJsonBody(HttpMessage message, byte[] json)
    {
        message.Request.Headers.SetValue("Content-Type", "application/json");
        message.Request.Content = RequestContent.Create(json);
    }

    // Keys and Timestamp are always requested so every returned entity can be addressed again.
    private static string SelectQuery(IEnumerable<string>? select, char separator)
    {
        if (select is null)
        {
            return "";
        }

        var columns = new List<string> { "PartitionKey", "RowKey", "Timestamp" };
        foreach (var column in select)
        {
            if (!columns.Contains(column, StringComparer.Ordinal))
            {
                columns.Add(column);
            }
        }

        return $"{separator}$select={Uri.EscapeDataString(string.Join(',', columns))}";
    }
}
