using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace ServerlessLoad.Runner.Engine.Http;

/// <summary>
/// Where a target listens, and how the engine's connections reach it: in clear text, or over TLS with the given
/// options (server name, ALPN protocol, certificate validation). Names are resolved once, through the
/// <see cref="TargetGuard"/> current when the endpoint was made (so only allowed addresses are ever connected to), and
/// the addresses reused; a failed lookup is retried on the next connection instead of being remembered.
/// </summary>
internal sealed class HttpEndpoint(string host, int port, SslClientAuthenticationOptions? tls = null)
{
    private readonly TargetGuard guard = TargetGuard.Current;
    private readonly Lock gate = new();
    private Task<IPAddress[]>? lookup;

    public string Host { get; } = host;

    public int Port { get; } = port;

    /// <summary>The TLS handshake's options (shared by every connection, so TLS sessions are resumed); null: clear text.</summary>
    public SslClientAuthenticationOptions? Tls { get; } = tls;

    public static HttpEndpoint For(Uri uri) => For(uri, insecureSkipTlsVerify: false, SslApplicationProtocol.Http11);

    /// <summary>
    /// The endpoint of <paramref name="uri"/>; for https, TLS offering <paramref name="protocol"/> by ALPN, validating
    /// the server's certificate unless the plan said <c>insecureSkipTLSVerify</c>.
    /// </summary>
    public static HttpEndpoint For(Uri uri, bool insecureSkipTlsVerify, SslApplicationProtocol protocol)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var host = uri.IdnHost.Trim('[', ']');
        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            return new HttpEndpoint(host, uri.Port);
        }

        var options = new SslClientAuthenticationOptions
        {
            TargetHost = host,
            ApplicationProtocols = [protocol],
            AllowTlsResume = true,
        };
        if (insecureSkipTlsVerify)
        {
            // The plan asked for it (self-signed test servers); validation is on otherwise.
#pragma warning disable CA5359
            options.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }

        return new HttpEndpoint(host, uri.Port, options);
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

    /// <summary>
    /// Connects a TCP socket to the first address that accepts. Each candidate socket is handed to
    /// <paramref name="publish"/> before it connects, so the connection can close it from outside (a timeout, the run
    /// stopping); publish returns false once the connection was aborted.
    /// </summary>
    public async ValueTask<Socket> ConnectAsync(Func<Socket, bool> publish)
    {
        ArgumentNullException.ThrowIfNull(publish);
        var addresses = await AddressesAsync().ConfigureAwait(false);
        for (var i = 0; ; i++)
        {
            var candidate = new Socket(addresses[i].AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            if (!publish(candidate))
            {
                candidate.Dispose();
                throw new OperationCanceledException("The exchange was aborted before it connected.");
            }

            try
            {
                await candidate.ConnectAsync(new IPEndPoint(addresses[i], Port)).ConfigureAwait(false);
                return candidate;
            }
            catch (SocketException) when (i + 1 < addresses.Length)
            {
                // The next address (an aborted connection refuses to publish it).
                candidate.Dispose();
            }
        }
    }
}
