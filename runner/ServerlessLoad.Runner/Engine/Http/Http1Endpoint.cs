using System.Net;
using System.Net.Sockets;

namespace ServerlessLoad.Runner.Engine.Http;

/// <summary>
/// Where a plain HTTP/1.1 target listens. Names are resolved once, through the <see cref="TargetGuard"/> current when
/// the endpoint was made (so only allowed addresses are ever connected to), and the addresses reused; a failed lookup
/// is retried on the next connection instead of being remembered.
/// </summary>
internal sealed class Http1Endpoint(string host, int port)
{
    private readonly TargetGuard guard = TargetGuard.Current;

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
        Task<IPAddress[]> current;
        lock (gate)
        {
            if (lookup is null || lookup.IsFaulted || lookup.IsCanceled)
            {
                lookup = guard.AddressesAsync(Host);
            }

            current = lookup;
        }

        return current.IsCompletedSuccessfully ? ValueTask.FromResult(current.Result) : new ValueTask<IPAddress[]>(current);
    }
}
