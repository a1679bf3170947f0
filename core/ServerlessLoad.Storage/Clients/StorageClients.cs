using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace ServerlessLoad.Storage;

/// <summary>
/// Where every storage client comes from: a connection string (Azurite locally, or an account key), or in Azure an
/// account name reached with a token credential (the managed identity, through DefaultAzureCredential). All clients
/// share one retry and timeout policy.
/// </summary>
/// <remarks>
/// Queue clients send and receive message text as it is (no SDK encoding): <see cref="Core.Messages.MessageCodec"/>
/// writes UTF-8 JSON in base64, the Functions queue trigger's encoding, and reads plain JSON too, so a message put by
/// hand is still understood and one that cannot be decoded reaches the listener's poison path instead of vanishing in
/// a decoding event.
/// </remarks>
public sealed class StorageClients
{
    private readonly TableServiceClient tables;
    private readonly QueueServiceClient queues;
    private readonly BlobServiceClient blobs;

    private StorageClients(TableServiceClient tables, QueueServiceClient queues, BlobServiceClient blobs)
    {
        this.tables = tables;
        this.queues = queues;
        this.blobs = blobs;
    }

    public string AccountName => blobs.AccountName;

    public Uri BlobEndpoint => blobs.Uri;

    /// <summary>Clients for the account a connection string names (UseDevelopmentStorage=true, or AccountName/AccountKey/endpoints).</summary>
    /// <exception cref="FormatException">The connection string is malformed.</exception>
    public static StorageClients FromConnectionString(string connectionString, Action<RetryOptions>? retry = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        try
        {
            return new StorageClients(
                new TableServiceClient(connectionString, Configure(new TableClientOptions(), retry)),
                new QueueServiceClient(connectionString, Configure(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None }, retry)),
                new BlobServiceClient(connectionString, Configure(new BlobClientOptions(), retry)));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            // The SDK's messages may quote the string, and with it the key: say only what is wrong with it.
            throw new FormatException("The storage connection string is malformed (expected UseDevelopmentStorage=true, or AccountName, AccountKey and endpoints).");
        }
    }

    /// <summary>Clients for an account's public endpoints, authorized with Entra ID tokens from <paramref name="credential"/>.</summary>
    public static StorageClients FromAccountName(string accountName, TokenCredential credential, string endpointSuffix = "core.windows.net", Action<RetryOptions>? retry = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        ArgumentNullException.ThrowIfNull(credential);
        var suffix = endpointSuffix.Trim('.');
        return new StorageClients(
            new TableServiceClient(new Uri($"https://{accountName}.table.{suffix}"), credential, Configure(new TableClientOptions(), retry)),
            new QueueServiceClient(new Uri($"https://{accountName}.queue.{suffix}"), credential, Configure(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None }, retry)),
            new BlobServiceClient(new Uri($"https://{accountName}.blob.{suffix}"), credential, Configure(new BlobClientOptions(), retry)));
    }

    /// <summary>
    /// The account the settings name: <c>Sload:StorageAccountName</c> (with the managed identity) when set, else the
    /// connection string.
    /// </summary>
    public static StorageClients FromSettings(string? accountName, string connectionString, Action<RetryOptions>? retry = null) =>
        string.IsNullOrWhiteSpace(accountName)
            ? FromConnectionString(connectionString, retry)
            : FromAccountName(accountName.Trim(), new DefaultAzureCredential(), retry: retry);

    public TableClient GetTable(string name) => tables.GetTableClient(name);

    public QueueClient GetQueue(string name) => queues.GetQueueClient(name);

    public BlobContainerClient GetContainer(string name) => blobs.GetBlobContainerClient(name);

    public override string ToString() => $"storage account {AccountName} ({BlobEndpoint.Host})";

    private static T Configure<T>(T options, Action<RetryOptions>? retry)
        where T : ClientOptions
    {
        // A request that hangs (a frozen emulator, a half-open connection) fails after 30 s instead of 100 s, so
        // heartbeats and buffered seconds notice an outage while a lease still holds.
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        retry?.Invoke(options.Retry);
        return options;
    }
}
