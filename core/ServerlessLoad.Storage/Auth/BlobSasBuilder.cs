using System.Globalization;

namespace ServerlessLoad.Storage;

/// <summary>Read-only service SAS for one blob, in the 2020-12-06+ string-to-sign layout.</summary>
internal static class BlobSasBuilder
{
    /// <summary>Start a little in the past so a client whose clock runs slightly behind the service can use it at once.</summary>
    private static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromMinutes(5);

    public static string ReadOnlyQuery(
        string accountName,
        byte[] accountKey,
        string containerName,
        string blobName,
        DateTimeOffset now,
        TimeSpan validFor,
        string serviceVersion)
    {
        var start = FormatTime(now - ClockSkewAllowance);
        var expiry = FormatTime(now + validFor);
        var stringToSign = StringToSign(accountName, containerName, blobName, start, expiry, serviceVersion);
        var signature = SharedKeySigner.Sign(stringToSign, accountKey);
        return $"sv={Uri.EscapeDataString(serviceVersion)}&st={Uri.EscapeDataString(start)}&se={Uri.EscapeDataString(expiry)}"
            + $"&sr=b&sp=r&sig={Uri.EscapeDataString(signature)}";
    }

    internal static string StringToSign(
        string accountName,
        string containerName,
        string blobName,
        string start,
        string expiry,
        string serviceVersion) =>
        string.Join('\n',
            "r", // permissions
            start,
            expiry,
            $"/blob/{accountName}/{containerName}/{blobName}",
            "", // stored access policy identifier
            "", // IP range
            "", // protocol (both)
            serviceVersion,
            "b", // signed resource: blob
            "", // snapshot time
            "", // encryption scope
            "", "", "", "", ""); // response header overrides: cache-control, disposition, encoding, language, type

    private static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
