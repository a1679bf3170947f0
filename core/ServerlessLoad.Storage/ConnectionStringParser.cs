namespace ServerlessLoad.Storage;

/// <summary>What a storage connection string says, checked; the key is kept only as bytes.</summary>
internal sealed record ConnectionSettings(string AccountName, byte[] AccountKey, Uri BlobEndpoint, Uri QueueEndpoint, Uri TableEndpoint);

internal static class ConnectionStringParser
{
    internal const string DevelopmentAccountName = "devstoreaccount1";

    // The emulator's published, well-known key: not a secret.
    internal const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly HashSet<string> KnownKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "UseDevelopmentStorage", "DevelopmentStorageProxyUri", "DefaultEndpointsProtocol", "AccountName", "AccountKey",
        "EndpointSuffix", "BlobEndpoint", "QueueEndpoint", "TableEndpoint",
        // Present in connection strings copied from the portal; this library has no use for them.
        "FileEndpoint", "BlobSecondaryEndpoint", "QueueSecondaryEndpoint", "TableSecondaryEndpoint", "FileSecondaryEndpoint",
    };

    public static ConnectionSettings Parse(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new FormatException("The storage connection string is empty.");
        }

        var values = Split(connectionString);
        if (values.ContainsKey("SharedAccessSignature"))
        {
            throw new FormatException("The storage connection string uses SharedAccessSignature, which is not supported; use AccountName/AccountKey or a managed identity.");
        }

        foreach (var key in values.Keys)
        {
            if (!KnownKeys.Contains(key))
            {
                throw new FormatException($"The storage connection string has an unknown setting '{key}'.");
            }
        }

        return values.TryGetValue("UseDevelopmentStorage", out var development)
            ? ParseDevelopment(development, values)
            : ParseAccount(values);
    }

    private static Dictionary<string, string> Split(string connectionString)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var rawPart in connectionString.Split(';'))
        {
            var part = rawPart.Trim();
            if (part.Length == 0)
            {
                continue;
            }

            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                var name = equals == 0 ? "(empty)" : part.Length > 40 ? part[..40] + "…" : part;
                throw new FormatException($"The storage connection string has a segment without 'Name=value': '{Redact(name)}'.");
            }

            var key = part[..equals].Trim();
            var value = part[(equals + 1)..].Trim();
            if (!values.TryAdd(key, value))
            {
                throw new FormatException($"The storage connection string sets '{key}' twice.");
            }
        }

        return values;
    }

    // A segment without '=' could be a pasted key; never echo anything that looks like base64 key material.
    private static string Redact(string segment) => segment.Length > 20 ? "[redacted]" : segment;

    private static ConnectionSettings ParseDevelopment(string flag, Dictionary<string, string> values)
    {
        if (!bool.TryParse(flag, out var enabled) || !enabled)
        {
            throw new FormatException($"UseDevelopmentStorage must be 'true' (was '{flag}').");
        }

        foreach (var key in values.Keys)
        {
            if (!key.Equals("UseDevelopmentStorage", StringComparison.OrdinalIgnoreCase)
                && !key.Equals("DevelopmentStorageProxyUri", StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException($"UseDevelopmentStorage=true cannot be combined with '{key}'.");
            }
        }

        var scheme = "http";
        var host = "127.0.0.1";
        if (values.TryGetValue("DevelopmentStorageProxyUri", out var proxy))
        {
            var proxyUri = ParseAbsoluteUri("DevelopmentStorageProxyUri", proxy);
            scheme = proxyUri.Scheme;
            host = proxyUri.Host;
        }

        return new ConnectionSettings(
            DevelopmentAccountName,
            Convert.FromBase64String(DevelopmentAccountKey),
            new Uri($"{scheme}://{host}:10000/{DevelopmentAccountName}"),
            new Uri($"{scheme}://{host}:10001/{DevelopmentAccountName}"),
            new Uri($"{scheme}://{host}:10002/{DevelopmentAccountName}"));
    }

    private static ConnectionSettings ParseAccount(Dictionary<string, string> values)
    {
        var accountName = Required(values, "AccountName");
        var key = DecodeKey(Required(values, "AccountKey"));
        var protocol = values.GetValueOrDefault("DefaultEndpointsProtocol", "https").ToLowerInvariant();
        if (protocol is not ("https" or "http"))
        {
            throw new FormatException($"DefaultEndpointsProtocol must be 'https' or 'http' (was '{protocol}').");
        }

        var suffix = values.GetValueOrDefault("EndpointSuffix", "core.windows.net").Trim('.');
        if (suffix.Length == 0)
        {
            throw new FormatException("EndpointSuffix is empty.");
        }

        Uri Endpoint(string setting, string service) =>
            values.TryGetValue(setting, out var explicitEndpoint)
                ? ParseAbsoluteUri(setting, explicitEndpoint)
                : new Uri($"{protocol}://{accountName}.{service}.{suffix}");

        return new ConnectionSettings(
            accountName,
            key,
            Endpoint("BlobEndpoint", "blob"),
            Endpoint("QueueEndpoint", "queue"),
            Endpoint("TableEndpoint", "table"));
    }

    private static string Required(Dictionary<string, string> values, string key) =>
        values.TryGetValue(key, out var value) && value.Length > 0
            ? value
            : throw new FormatException($"The storage connection string is missing '{key}'.");

    private static byte[] DecodeKey(string key)
    {
        try
        {
            return Convert.FromBase64String(key);
        }
        catch (FormatException)
        {
            throw new FormatException("AccountKey is not valid base64.");
        }
    }

    private static Uri ParseAbsoluteUri(string setting, string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new FormatException($"{setting} must be an absolute http(s) URI (was '{value}').");
}
