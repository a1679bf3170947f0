using System.Net;
using System.Net.Sockets;

namespace ServerlessLoad.Core.Plans;

/// <summary>
/// Safe default: a plan may only send load to hosts someone allowed (loopback unless configured otherwise), checked
/// before a run is accepted so no request ever reaches a host nobody allowed, and again by the runner against every
/// address a name resolves to (<see cref="IsAllowedAddress"/>). Entries are host names, addresses or CIDR ranges;
/// <c>*</c> allows anything.
/// </summary>
public static class TargetPolicy
{
    private static readonly IPNetwork[] SpecialRanges =
    [
        .. new[]
        {
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
            "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
            "224.0.0.0/4", "240.0.0.0/4", "::/128", "::1/128", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001:db8::/32",
            "2002::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
        }.Select(IPNetwork.Parse),
    ];

    public static IReadOnlyList<PlanProblem> Check(Plan plan, IReadOnlyList<string> allowedHosts)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var problems = new List<PlanProblem>();
        foreach (var (name, uri) in plan.Targets)
        {
            if (!IsAllowed(uri, allowedHosts))
            {
                problems.Add(new PlanProblem($"targets.{name}", null, $"host '{Security.InputText.Clean(uri.Host)}' is not an allowed target; allowed: {string.Join(", ", allowedHosts)} (setting Sload:AllowedTargets)"));
            }
        }

        foreach (var (field, value) in HostHeaders(plan))
        {
            if (!IsAllowedHostHeader(value, allowedHosts))
            {
                problems.Add(new PlanProblem(field, null, $"a Host header may only name an allowed target ({string.Join(", ", allowedHosts)}), written out, not '{Security.InputText.Clean(value)}'"));
            }
        }

        return problems;
    }

    /// <summary>Targets, Host header overrides and the plan-wide budget: everything a plan is refused for besides its own problems.</summary>
    public static IReadOnlyList<PlanProblem> Admit(Plan plan, PlanLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return [.. Check(plan, limits.AllowedTargets), .. PlanBudget.Check(plan, limits)];
    }

    public static bool IsAllowed(Uri uri, IReadOnlyList<string> allowedHosts)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return IsAllowedHost(uri.Host, allowedHosts);
    }

    /// <summary>Whether a host name or address literal is allowed by name (or, for a literal, by a listed address or range).</summary>
    public static bool IsAllowedHost(string host, IReadOnlyList<string> allowedHosts)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(allowedHosts);
        var normalized = Normalize(host);
        if (allowedHosts.Any(h => h == "*" || string.Equals(Normalize(h), normalized, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        return IPAddress.TryParse(normalized, out var address) && Listed(address, allowedHosts);
    }

    /// <summary>
    /// Whether the runner may connect to <paramref name="address"/>, one of the addresses an allowed name resolved to:
    /// when it is listed (as itself or in a range), a loopback address while <c>localhost</c> is allowed, or a public
    /// address. A name that resolves to a private, loopback, link-local (the cloud metadata address) or other special
    /// address nobody listed is refused, whatever the name.
    /// </summary>
    public static bool IsAllowedAddress(IPAddress address, IReadOnlyList<string> allowedHosts)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(allowedHosts);
        if (allowedHosts.Contains("*"))
        {
            return true;
        }

        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return Listed(plain, allowedHosts)
            || (IPAddress.IsLoopback(plain) && allowedHosts.Any(h => string.Equals(Normalize(h), "localhost", StringComparison.OrdinalIgnoreCase)))
            || !IsSpecial(plain);
    }

    /// <summary>Private, loopback, link-local, multicast, documentation and other addresses that are not the public internet.</summary>
    public static bool IsSpecial(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return plain.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6) || SpecialRanges.Any(r => r.BaseAddress.AddressFamily == plain.AddressFamily && r.Contains(plain));
    }

    private static bool Listed(IPAddress address, IReadOnlyList<string> allowedHosts)
    {
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        foreach (var entry in allowedHosts.Select(Normalize))
        {
            if (IPAddress.TryParse(entry, out var listed) && (listed.IsIPv4MappedToIPv6 ? listed.MapToIPv4() : listed).Equals(plain))
            {
                return true;
            }

            if (entry.Contains('/', StringComparison.Ordinal) && IPNetwork.TryParse(entry, out var range)
                && range.BaseAddress.AddressFamily == plain.AddressFamily && range.Contains(plain))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAllowedHostHeader(string value, IReadOnlyList<string> allowedHosts)
    {
        if (value.Contains("{{", StringComparison.Ordinal) || value.Length == 0)
        {
            return false;
        }

        var host = value.StartsWith('[') ? value[..(value.IndexOf(']', StringComparison.Ordinal) + 1)]
            : value.Count(c => c == ':') == 1 ? value[..value.IndexOf(':', StringComparison.Ordinal)]
            : value;
        return host.Length > 0 && Uri.CheckHostName(host.Trim('[', ']')) != UriHostNameType.Unknown && IsAllowedHost(host, allowedHosts);
    }

    private static IEnumerable<(string Field, string Value)> HostHeaders(Plan plan)
    {
        for (var i = 0; i < plan.Scenarios.Count; i++)
        {
            var scenario = plan.Scenarios[i];
            for (var j = 0; j < scenario.Requests.Count; j++)
            {
                foreach (var (name, value) in scenario.Requests[j].Headers.Where(h => IsHost(h.Key)))
                {
                    yield return ($"scenarios[{i}].requests[{j}].headers.{name}", value);
                }
            }

            for (var j = 0; j < scenario.Steps.Count; j++)
            {
                var headers = scenario.Steps[j] switch
                {
                    HttpStep http => http.Request.Headers,
                    WebSocketStep ws => ws.Headers,
                    _ => new Dictionary<string, string>(),
                };
                foreach (var (name, value) in headers.Where(h => IsHost(h.Key)))
                {
                    yield return ($"scenarios[{i}].steps[{j}].headers.{name}", value);
                }
            }
        }
    }

    private static bool IsHost(string header) => header.Equals("Host", StringComparison.OrdinalIgnoreCase);

    private static string Normalize(string host) => host.Trim().TrimStart('[').TrimEnd(']').TrimEnd('.');
}
