namespace ServerlessLoad.Core.Plans;

/// <summary>
/// What an accepted plan may ask for: the hosts it may target, and a budget for the load as a whole, so a plan of
/// 1,000 scenarios of 100,000 VUs for a day is refused at the door rather than fanned out to runners.
/// </summary>
public sealed record PlanLimits
{
    public static readonly PlanLimits Default = new();

    /// <summary>Host names, addresses or CIDR ranges (Sload:AllowedTargets); <c>*</c> allows any.</summary>
    public IReadOnlyList<string> AllowedTargets { get; init; } = ["127.0.0.1", "localhost", "[::1]"];

    public int MaxScenarios { get; init; } = 100;

    /// <summary>Requests of a <c>requests:</c> scenario, or steps of a <c>steps:</c> one.</summary>
    public int MaxRequestsPerScenario { get; init; } = 200;

    /// <summary>The sum over scenarios of each one's peak VUs (maxVUs for arrival-rate scenarios).</summary>
    public long MaxTotalVus { get; init; } = 20_000;

    /// <summary>The sum over arrival-rate scenarios of each one's peak rate, in iterations per second.</summary>
    public double MaxTotalArrivalRate { get; init; } = 100_000;

    /// <summary>The sum over scenarios of peak VUs times the scenario's length, in hours.</summary>
    public double MaxVuHours { get; init; } = 1_000;
}
