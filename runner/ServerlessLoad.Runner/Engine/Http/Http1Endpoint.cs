using System.Net;
using System.Net.Sockets;

namespace ServerlessLoad.Runner.Engine.Http;

/// <summary>
/// Where a plain HTTP/1.1 target listens. Names are resolved once and the addresses reused; a failed lookup is
/// retried on the next connection instead of being remembered.
/// </summary>
internal sealed class Http1Endpoint(string host, int port)
{
    private readonly Lock gate = new();
    private Task<IPAddress[]>? lookup;

    public string Host { get; } = host;

    public int Port { get; } = port;

    public static Http1Endpoint For(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return new Http1Endpoint(uri.IdnHost.Trim('[', ']'), uri.Port);
    }

    public ValueTask<IPAddress[]> AddressesAsync()
    {
        if (IPAddress.TryParse(Host, out var literal))
        {
            return ValueTask.FromResult<IPAddress[]>([literal]);
        }

        Task<IPAddress[]> current;
        lock (gate)
        {
            if (lookup is null || lookup.IsFaulted || lookup.IsCanceled)
            {
                lookup = LookUpAsync(Host);
            }

            current = lookup;
        }

        return current.IsCompletedSuccessfully ? ValueTask.FromResult(current.Result) : new ValueTask<IPAddress[]>(current);
    }

    private static async Task<IPAddress[]> LookUpAsync(string host)
    {
        var addresses = await Dns.GetHostAddressesAsync(host).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        // IPv4 first: loopback names resolve to both, and most test servers listen on 127.0.0.1 only.
        return [.. addresses.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1)];
    }
}
