using System.Text;
using Azure.Core;

namespace ServerlessLoad.Storage;

/// <summary>Entity-group transactions ($batch).</summary>
public sealed partial class TableClient
{
    private const int MaxBatchOperations = 100;

    /// <summary>
    /// Applies 1-100 operations on one partition atomically. Returns each operation's new ETag (null for deletes);
    /// if any operation fails nothing is applied and a <see cref="TableBatchException"/> names the failing index.
    /// </summary>
    public async Task<IReadOnlyList<string?>> SubmitBatchAsync(IReadOnlyList<TableOperation> operations, CancellationToken ct = default)
    {
        ValidateBatch(operations);
        var batchBoundary = "batch_" + Guid.NewGuid().ToString("N");
        var changesetBoundary = "changeset_" + Guid.NewGuid().ToString("N");
        var body = TableBatchFormat.BuildBody(batchBoundary, changesetBoundary, $"{_service.BaseUrl}/{Name}", operations);

        using var message = CreateMessage(RequestMethod.Post, "$batch");
        message.Request.Headers.SetValue("Content-Type", $"multipart/mixed; boundary={batchBoundary}");
        message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(body));
        var response = await _service.SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status != 202)
        {
            throw StorageService.Failure(message);
        }

        var responseType = response.Headers.ContentType ?? "";
        var inner = TableBatchFormat.ParseResponses(responseType, response.Content.ToString());
        foreach (var part in inner)
        {
            if (part.Status >= 300)
            {
                throw BatchFailure(part, inner, operations.Count);
            }
        }

        if (inner.Count != operations.Count)
        {
            throw new TableBatchException(-1, response.Status, null,
                $"Table batch on '{Name}' returned {inner.Count} responses for {operations.Count} operations.");
        }

        return inner.Select(part => part.Headers.TryGetValue("ETag", out var etag) ? etag : null).ToList();
    }

    private TableBatchException BatchFailure(TableBatchFormat.InnerResponse failed, IReadOnlyList<TableBatchFormat.InnerResponse> all, int operationCount)
    {
        var (code, serviceMessage) = StorageErrors.ParseBody(BinaryData.FromString(failed.Body));
        var index = TableBatchFormat.FailedIndex(failed, serviceMessage, operationCount);
        if (index < 0 && all.Count == operationCount)
        {
            index = all.ToList().IndexOf(failed);
        }

        var detail = serviceMessage is null ? "" : ": " + serviceMessage.Split('\n')[0].Trim();
        return new TableBatchException(index, failed.Status, code,
            $"Table batch on '{Name}' failed at operation {index} with {failed.Status} {code}{detail}");
    }

    private static void ValidateBatch(IReadOnlyList<TableOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        if (operations.Count is 0 or > MaxBatchOperations)
        {
            throw new ArgumentException($"A table batch holds 1 to {MaxBatchOperations} operations (was {operations.Count}).", nameof(operations));
        }

        var partition = operations[0].Entity.PartitionKey;
        var rows = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in operations)
        {
            if (operation.Entity.PartitionKey != partition)
            {
                throw new ArgumentException(
                    $"A table batch must target one partition; found '{partition}' and '{operation.Entity.PartitionKey}'.", nameof(operations));
            }

            if (!rows.Add(operation.Entity.RowKey))
            {
                throw new ArgumentException($"A table batch may touch each entity once; RowKey '{operation.Entity.RowKey}' appears twice.", nameof(operations));
            }
        }
    }
}
