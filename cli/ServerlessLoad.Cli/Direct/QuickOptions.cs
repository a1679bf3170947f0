using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Cli.Direct;

/// <summary>One URL hit by <c>sload quick</c>: wrk's closed model by default, an open model with a rate.</summary>
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
                PreAllocatedVus = Connections,
                MaxVus = Math.Clamp(MaxVus ?? (Connections + rate), Connections, 100_000),
                Connections = Connections,
                GracefulStop = TimeSpan.FromSeconds(5),
                Requests = [request],
            }
            : new Scenario
            {
                Name = "quick",
                Vus = Connections,
                Duration = Duration,
                GracefulStop = TimeSpan.FromSeconds(5),
                Requests = [request],
            };
        return new Plan
        {
            Name = "quick",
            Targets = new Dictionary<string, Uri> { ["default"] = new(Url.GetLeftPart(UriPartial.Authority) + "/") },
            Scenarios = [scenario],
        };
    }
}
