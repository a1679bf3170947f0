namespace ServerlessLoad.Core.Plans;

/// <summary>A validated load plan: what to hit, how hard, for how long, and what counts as a pass.</summary>
public sealed record Plan
{
    public required string Name { get; init; }

    /// <summary>How many slices (runner work items) the load is split into.</summary>
    public int Slices { get; init; } = 1;

    /// <summary>Named base URLs; requests refer to them by name.</summary>
    public required IReadOnlyDictionary<string, Uri> Targets { get; init; }

    public required IReadOnlyList<Scenario> Scenarios { get; init; }

    /// <summary>Threshold expressions such as <c>failures.rate &lt; 1%</c>, judged by the report.</summary>
    public IReadOnlyList<string> Thresholds { get; init; } = [];

    /// <summary>Comparison with an earlier run; null compares with the last passed run of the same name, defaults.</summary>
    public BaselineSpec? Baseline { get; init; }

    /// <summary>The longest any scenario runs, from the common start.</summary>
    public TimeSpan TotalDuration => Scenarios.Count == 0 ? TimeSpan.Zero : Scenarios.Max(s => s.StartTime + s.Duration);
}

public sealed record Scenario
{
    public required string Name { get; init; }

    /// <summary>k6 executor name; the skeleton runs <c>constant-vus</c>.</summary>
    public string Executor { get; init; } = Executors.ConstantVus;

    public int Vus { get; init; }

    public TimeSpan Duration { get; init; }

    /// <summary>Offset from the run's start at which this scenario begins.</summary>
    public TimeSpan StartTime { get; init; }

    /// <summary>Each iteration picks one request by weight.</summary>
    public required IReadOnlyList<RequestSpec> Requests { get; init; }
}

public static class Executors
{
    public const string ConstantVus = "constant-vus";

    public static readonly IReadOnlyList<string> All = [ConstantVus];
}

public sealed record RequestSpec
{
    public required string Name { get; init; }

    public int Weight { get; init; } = 1;

    public string Method { get; init; } = "GET";

    /// <summary>Name of an entry of <see cref="Plan.Targets"/>.</summary>
    public required string Target { get; init; }

    /// <summary>Path and query, relative to the target's base URL.</summary>
    public required string Path { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public string? Body { get; init; }

    public string? ContentType { get; init; }

    /// <summary>Statuses that count as success; empty means 200-399.</summary>
    public IReadOnlyList<StatusRange> Expect { get; init; } = [];

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public bool IsExpected(int status) =>
        Expect.Count == 0 ? status is >= 200 and < 400 : Expect.Any(r => r.Contains(status));
}

public readonly record struct StatusRange(int From, int To)
{
    public bool Contains(int status) => status >= From && status <= To;

    public override string ToString() => From == To ? From.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{From}-{To}";
}

/// <summary>
/// How a run is compared with an earlier one: a pinned run id, or (when null) the last passed run of the same plan
/// name; a regression is a change worse than <see cref="Tolerance"/>; with <see cref="Gate"/> a statistically
/// significant regression fails the verdict.
/// </summary>
public sealed record BaselineSpec
{
    public string? RunId { get; init; }

    public double Tolerance { get; init; } = 0.10;

    public bool Gate { get; init; }
}
