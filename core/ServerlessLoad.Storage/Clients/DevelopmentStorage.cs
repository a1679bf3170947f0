namespace ServerlessLoad.Storage;

/// <summary>The storage emulator's well-known account, on the ports an Azurite of ours listens on.</summary>
public static class DevelopmentStorage
{
    public const string AccountName = "devstoreaccount1";

    // Published with the emulator; it protects nothing.
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>A connection string for the emulator's account on the given ports (path-style endpoints).</summary>
    public static string ConnectionString(int blobPort, int queuePort, int tablePort, string host = "127.0.0.1") =>
        "DefaultEndpointsProtocol=http;"
        + $"AccountName={AccountName};AccountKey={AccountKey};"
        + $"BlobEndpoint=http://{host}:{blobPort}/{AccountName};"
        + $"QueueEndpoint=http://{host}:{queuePort}/{AccountName};"
        + $"TableEndpoint=http://{host}:{tablePort}/{AccountName};";
}
