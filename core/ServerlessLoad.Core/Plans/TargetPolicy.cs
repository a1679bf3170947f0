namespace ServerlessLoad.Core.Plans;

/// <summary>
/// Safe default: a plan may only send load to hosts someone allowed (loopback unless configured otherwise), checked
/// before a run is accepted so no request ever reaches a host nobody allowed.
/// </summary>
public static class TargetPolicy
{
    public static IReadOnlyList<PlanProblem> Check(Plan plan, IReadOnlyList<string> allowedHosts)
    {
        var problems = new List<PlanProblem>();
        foreach (var (name, uri) in plan.Targets)
        {
            if (!IsAllowed(uri, allowedHosts))
            {
                problems.Add(new PlanProblem(
                    $"targets.{name}",
                    null,
                    $"host '{uri.Host}' is not an allowed target; allowed: {string.Join(", ", allowedHosts)} (setting Sload:AllowedTargets)"));
            }
        }

        return problems;
    }

    public static bool IsAllowed(Uri uri, IReadOnlyList<string> allowedHosts) =>
        allowedHosts.Any(h => h == "*" || string.Equals(Normalize(h), Normalize(uri.Host), StringComparison.OrdinalIgnoreCase));

    private static string Normalize(string host) => host.Trim().TrimStart('[').TrimEnd(']');
}
