using System.Globalization;

namespace ServerlessLoad.Core.Plans;

/// <summary>
/// Checks a plan against <see cref="PlanLimits"/>: scenarios, requests per scenario, total VUs, total arrival rate and
/// VU-hours, each refused with the number found, the limit and the setting that raises it. Peaks are upper bounds
/// (scenarios are counted as if they all ran at once), which is what a budget is for.
/// </summary>
public static class PlanBudget
{
    public static IReadOnlyList<PlanProblem> Check(Plan plan, PlanLimits limits)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(limits);
        var problems = new List<PlanProblem>();
        if (plan.Scenarios.Count > limits.MaxScenarios)
        {
            problems.Add(Over("scenarios", $"the plan has {plan.Scenarios.Count} scenarios", limits.MaxScenarios, "MaxScenarios"));
        }

        for (var i = 0; i < plan.Scenarios.Count; i++)
        {
            var scenario = plan.Scenarios[i];
            var count = Math.Max(scenario.Requests.Count, scenario.Steps.Count);
            if (count > limits.MaxRequestsPerScenario)
            {
                problems.Add(Over($"scenarios[{i}]", $"scenario '{scenario.Name}' has {count} requests or steps", limits.MaxRequestsPerScenario, "MaxRequestsPerScenario"));
            }
        }

        var vus = plan.Scenarios.Sum(s => (long)PeakVus(s));
        if (vus > limits.MaxTotalVus)
        {
            problems.Add(Over("scenarios", $"the scenarios use up to {Number(vus)} VUs together", limits.MaxTotalVus, "MaxTotalVus"));
        }

        var rate = plan.Scenarios.Sum(PeakArrivalsPerSecond);
        if (rate > limits.MaxTotalArrivalRate)
        {
            problems.Add(Over("scenarios", $"the arrival-rate scenarios start up to {Number(rate)} iterations per second together", limits.MaxTotalArrivalRate, "MaxTotalArrivalRate"));
        }

        var vuHours = plan.Scenarios.Sum(s => PeakVus(s) * s.Length.TotalHours);
        if (vuHours > limits.MaxVuHours)
        {
            problems.Add(Over("scenarios", $"the plan asks for up to {Number(vuHours)} VU-hours", limits.MaxVuHours, "MaxVuHours"));
        }

        return problems;
    }

    /// <summary>The most VUs the scenario may use at once (over all slices).</summary>
    public static int PeakVus(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.Executor switch
        {
            Executors.RampingVus => Math.Max(scenario.StartVus, scenario.Stages.Count == 0 ? 0 : scenario.Stages.Max(s => s.Target)),
            Executors.ConstantArrivalRate or Executors.RampingArrivalRate => Math.Max(scenario.MaxVus, scenario.PreAllocatedVus),
            _ => scenario.Vus,
        };
    }

    /// <summary>The highest rate an arrival-rate scenario reaches, per second; 0 for the others.</summary>
    public static double PeakArrivalsPerSecond(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var seconds = Math.Max(scenario.TimeUnit.TotalSeconds, 1e-9);
        return scenario.Executor switch
        {
            Executors.ConstantArrivalRate => scenario.Rate / seconds,
            Executors.RampingArrivalRate => Math.Max(scenario.StartRate, scenario.Stages.Count == 0 ? 0 : scenario.Stages.Max(s => s.Target)) / seconds,
            _ => 0,
        };
    }

    private static PlanProblem Over(string field, string found, double limit, string setting) =>
        new(field, null, $"{found}; at most {Number(limit)} are allowed (setting Sload__Limits__{setting})");

    private static string Number(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);
}
