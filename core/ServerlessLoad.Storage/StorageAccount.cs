using Azure.Core;
using Azure.Core.Pipeline;

namespace ServerlessLoad.Storage;

/// <summary>
/// A storage account: where its three services live and how requests are authorized (SharedKey from a connection
/// string, or a bearer token for a managed identity). Clients it hands out share its pipelines.
/// </summary>
public sealed class StorageAccount
{
    private const string StorageScope = "https://storage.azure.com/.default";

    private readonly byte[]? _accountKey;
    private readonly StorageClientOptions _options;
    private readonly StorageService _blobs;
    private readonly StorageService _queues;
    private readonly StorageService _tables;

    private StorageAccount(
        string accountName,
        Uri blobEndpoint,
        Uri queueEndpoint,
        Uri tableEndpoint,
        byte[]? accountKey,
        TokenCredential? credential,
        StorageClientOptions? options)
    {
        AccountName = accountName;
        BlobEndpoint = blobEndpoint;
        QueueEndpoint = queueEndpoint;
        TableEndpoint = tableEndpoint;
        _accountKey = accountKey;
        _options = options ?? new StorageClientOptions();

        HttpPipeline Pipeline(bool tableService)
        {
            HttpPipelinePolicy auth = accountKey is not null
                ? new SharedKeyPolicy(accountName, accountKey, tableService, _options.TimeProvider)
                : new BearerTokenAuthenticationPolicy(credential!, StorageScope);
            return HttpPipelineBuilder.Build(_options, auth);
        }

        var blobQueuePipeline = Pipeline(tableService: false);
        _blobs = new StorageService(blobQueuePipeline, blobEndpoint, _options.ServiceVersion);
        _queues = new StorageService(blobQueuePipeline, queueEndpoint, _options.ServiceVersion);
        _tables = new StorageService(Pipeline(tableService: true), tableEndpoint, _options.ServiceVersion);
    }

    public string AccountName { get; }

    public Uri BlobEndpoint { get; }

    public Uri QueueEndpoint { get; }

    public Uri TableEndpoint { get; }

    /// <summary>True when requests are signed with an account key (so service SAS URIs can be made).</summary>
    public bool HasAccountKey => _accountKey is not null;

    /// <summary>
    /// Reads UseDevelopmentStorage=true[;DevelopmentStorageProxyUri=...], or AccountName/AccountKey with
    /// DefaultEndpointsProtocol/EndpointSuffix and optional explicit Blob/Queue/TableEndpoint.
    /// </summary>
    /// <exception cref="FormatException">A setting is missing, unknown or malformed (the message names it, never the key).</exception>
    public static StorageAccount Parse(string connectionString, StorageClientOptions? options = null)
    {
        var settings = ConnectionStringParser.Parse(connectionString);
        return new StorageAccount(
            settings.AccountName, settings.BlobEndpoint, settings.QueueEndpoint, settings.TableEndpoint,
            settings.AccountKey, credential: null, options);
    }

    /// <summary>An account reached with Entra ID tokens (managed identity in Azure), at the public endpoints.</summary>
    public static StorageAccount FromCredential(
        string accountName,
        TokenCredential credential,
        string endpointSuffix = "core.windows.net",
        StorageClientOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentException.ThrowIfNullOrWhiteSpace(endpointSuffix);
        var suffix = endpointSuffix.Trim('.');
        return new StorageAccount(
            accountName,
            new Uri($"https://{accountName}.blob.{suffix}"),
            new Uri($"https://{accountName}.queue.{suffix}"),
            new Uri($"https://{accountName}.table.{suffix}"),
            accountKey: null,
            credential,
            options);
    }

    /// <summary>A connection string for the emulator's well-known account on the given ports (path-style endpoints).</summary>
    public static string DevelopmentConnectionString(int blobPort, int queuePort, int tablePort, string host = "127.0.0.1")
    {
        const string account = ConnectionStringParser.DevelopmentAccountName;
        return "DefaultEndpointsProtocol=http;"
            + $"AccountName={account};AccountKey={ConnectionStringParser.DevelopmentAccountKey};"
            + $"BlobEndpoint=http://{host}:{blobPort}/{account};"
            + $"QueueEndpoint=http://{host}:{queuePort}/{account};"
            + $"TableEndpoint=http://{host}:{tablePort}/{account};";
    }

    public QueueClient GetQueue(string name) => new(StorageNames.ValidateQueue(name), _queues);

    public TableClient GetTable(string name) => new(StorageNames.ValidateTable(name), _tables);

    public BlobContainerClient GetContainer(string name) =>
        new(StorageNames.ValidateContainer(name), _blobs, this);

    /// <summary>Query string of a read-only SAS for one blob; only for key-based accounts.</summary>
    internal string CreateBlobReadSas(string containerName, string blobName, TimeSpan validFor)
    {
        if (_accountKey is null)
        {
            throw new InvalidOperationException(
                $"Storage account '{AccountName}' uses token credentials, so it cannot sign a service SAS; use a connection string with an account key.");
        }

        return BlobSasBuilder.ReadOnlyQuery(
            AccountName, _accountKey, containerName, blobName, _options.TimeProvider.GetUtcNow(), validFor, _options.ServiceVersion);
    }

    public override string ToString() => $"StorageAccount {AccountName} ({BlobEndpoint.Host})";
}
