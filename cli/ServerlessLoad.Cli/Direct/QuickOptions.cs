using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Cli.Direct;

/// <summary>
/// One URL hit by <c>sload quick</c>: wrk's closed model by default (one VU per connection), an open model with a rate;
/// with <see cref="Http2"/>, h2load's: <see cref="Connections"/> connections of <see cref="Streams"/> streams each.
/// </summary>
internal sealed record QuickOptions
{
    public required Uri Url { get; init; }

    public int Connections { get; init; } = 10;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Requests per second (constant-arrival-rate over <see cref="Connections"/> connections); null: closed model.</summary>
    public int? Rate { get; init; }

    /// <summary>With a rate: VUs that may wait for a connection before arrivals are dropped; default connections + rate.</summary>
    public int? MaxVus { get; init; }

    public string Method { get; init; } = "GET";

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public string? Body { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>HTTP/2 (over TLS for https://, prior knowledge in clear text for http://) instead of HTTP/1.1.</summary>
    public bool Http2 { get; init; }

    /// <summary>With <see cref="Http2"/>: requests each connection carries at once (h2load's -m); null is 1.</summary>
    public int? Streams { get; init; }

    /// <summary>Accept any TLS certificate (the plan's insecureSkipTLSVerify).</summary>
    public bool Insecure { get; init; }

    /// <summary>Requests in flight at once: one per connection, or per stream over HTTP/2.</summary>
    public int Concurrency => Connections * (Http2 ? Streams ?? 1 : 1);

    /// <summary>The equivalent plan: one target, one request, one scenario, one slice.</summary>
    public Plan ToPlan()
    {
        var request = new RequestSpec
        {
            Name = $"{Method} {Url.PathAndQuery}",
            Method = Method,
            Target = "default",
            Path = Url.PathAndQuery,
            Headers = Headers.Where(h => !h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).ToDictionary(StringComparer.OrdinalIgnoreCase),
            Body = Body,
            ContentType = Headers.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value
                ?? (Body is null ? null : "application/octet-stream"),
            Timeout = Timeout,
        };
        var scenario = Rate is { } rate
            ? new Scenario
            {
                Name = "quick",
                Executor = Executors.ConstantArrivalRate,
                Rate = rate,
                Duration = Duration,
                PreAllocatedVus = Concurrency,
                MaxVus = Math.Clamp(MaxVus ?? (Concurrency + rate), Concurrency, 100_000),
                Connections = Connections,
                GracefulStop = TimeSpan.FromSeconds(5),
                Requests = [request],
            }
            : new Scenario
            {
                Name = "quick",
                Vus = Concurrency,
                Duration = Duration,
                GracefulStop = TimeSpan.FromSeconds(5),
                Requests = [request],
            };
        scenario = scenario with
        {
            HttpVersion = Http2 ? HttpVersions.Http2 : HttpVersions.Http11,
            StreamsPerConnection = Http2 ? Streams ?? 1 : null,
            InsecureSkipTlsVerify = Insecure,
        };
        return new Plan
        {
            Name = "quick",
            Targets = new Dictionary<string, Uri> { ["default"] = new(Url.GetLeftPart(UriPartial.Authority) + "/") },
            Scenarios = [scenario],
        };
    }
}
