using System.Net;
using System.Net.Sockets;
using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Runner.Engine;

/// <summary>Looks up the addresses of a host name (the seam tests replace; DNS otherwise).</summary>
public delegate Task<IPAddress[]> HostResolver(string host, CancellationToken ct);

/// <summary>A target name resolved to an address nobody allowed: the connection is never opened.</summary>
public sealed class TargetNotAllowedException(string message) : Exception(message);

/// <summary>
/// The allow-list at connect time. Validation checked the names a plan targets; this checks every address such a name
/// resolves to, right before connecting, so a name whose DNS answer points at the cloud metadata address, a private
/// range or loopback is refused unless that address was allowed (<see cref="TargetPolicy.IsAllowedAddress"/>). Every
/// connection of the engine goes through it: the socket engine's, SocketsHttpHandler's (HTTPS, HTTP/2, and any
/// redirect, were one ever followed) and websockets'. Components take <see cref="Current"/> when they are built: the
/// process's guard from its settings, or one a caller scoped with <see cref="Use"/>.
/// </summary>
public sealed class TargetGuard
{
    private static readonly AsyncLocal<TargetGuard?> Scoped = new();

    private readonly IReadOnlyList<string> allowed;
    private readonly HostResolver resolve;

    public TargetGuard(IReadOnlyList<string> allowedTargets, HostResolver? resolver = null)
    {
        ArgumentNullException.ThrowIfNull(allowedTargets);
        allowed = allowedTargets;
        resolve = resolver ?? Dns.GetHostAddressesAsync;
    }

    /// <summary>The process's guard: runners and the CLI set it from Sload:AllowedTargets at start-up (loopback until then).</summary>
    public static TargetGuard Default { get; set; } = new(PlanLimits.Default.AllowedTargets);

    /// <summary>Loopback only: for the engine's own warm-up against its own responder.</summary>
    public static TargetGuard Loopback { get; } = new(["127.0.0.1", "[::1]", "localhost"]);

    public static TargetGuard Current => Scoped.Value ?? Default;

    /// <summary>Makes <paramref name="guard"/> the current one for this flow until disposed (tests, the warm-up).</summary>
    public static IDisposable Use(TargetGuard guard)
    {
        ArgumentNullException.ThrowIfNull(guard);
        var previous = Scoped.Value;
        Scoped.Value = guard;
        return new Restore(previous);
    }

    /// <summary>The addresses of <paramref name="host"/> (a name or a literal), IPv4 first, once every one of them is allowed.</summary>
    public async Task<IPAddress[]> AddressesAsync(string host, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var bare = host.Trim('[', ']');
        var addresses = IPAddress.TryParse(bare, out var literal) ? [literal] : await resolve(bare, ct).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        var refused = addresses.Where(a => !TargetPolicy.IsAllowedAddress(a, allowed)).ToList();
        if (refused.Count > 0)
        {
            throw new TargetNotAllowedException(
                $"target '{Core.Security.InputText.Clean(bare)}' resolves to {string.Join(", ", refused)}, which Sload:AllowedTargets does not allow; nothing was sent");
        }

        // IPv4 first: loopback names resolve to both, and most test servers listen on 127.0.0.1 only.
        return [.. addresses.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1)];
    }

    /// <summary>A connected stream to <paramref name="endpoint"/>, tried address by address (SocketsHttpHandler's ConnectCallback).</summary>
    public async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var addresses = await AddressesAsync(endpoint.Host, ct).ConfigureAwait(false);
        for (var i = 0; ; i++)
        {
            var socket = new Socket(addresses[i].AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(addresses[i], endpoint.Port), ct).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException) when (i + 1 < addresses.Length)
            {
                socket.Dispose();
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }

    private sealed class Restore(TargetGuard? previous) : IDisposable
    {
        public void Dispose() => Scoped.Value = previous;
    }
}
