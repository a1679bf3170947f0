using Azure.Core;

namespace ServerlessLoad.Storage;

/// <summary>Pipeline settings shared by every client of one <see cref="StorageAccount"/>.</summary>
public sealed class StorageClientOptions : ClientOptions
{
    /// <summary>
    /// The REST version sent as x-ms-version. 2021-12-02 is accepted by Azure and by Azurite 3.x, and is new enough
    /// for JSON tables and the 2020-12-06 SAS layout.
    /// </summary>
    public string ServiceVersion { get; set; } = "2021-12-02";

    /// <summary>Clock for request dates and SAS expiry.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
