using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Slicing;

namespace ServerlessLoad.Reports;

/// <summary>
/// The load a plan asks for in one second of the run's timeline (second 0 starts at the run's start), over all slices:
/// arrivals started by arrival-rate scenarios (exactly the <see cref="ArrivalSchedule"/>'s count for that second) and
/// the VUs that constant-vus and ramping-vus scenarios target in the middle of the second. Iteration executors have
/// no target over time (they stop when their iterations are done), so they plan neither.
/// </summary>
public static class PlannedLoad
{
    public static bool HasArrivalRate(Plan plan) => plan.Scenarios.Any(s => s.IsArrivalRate);

    public static bool HasVuTarget(Plan plan) => plan.Scenarios.Any(HasVuTarget);

    /// <summary>Arrivals planned in [second, second + 1) over every arrival-rate scenario.</summary>
    public static long ArrivalsIn(Plan plan, long second)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Scenarios.Where(s => s.IsArrivalRate).Sum(s => ArrivalsIn(s, second));
    }

    /// <summary>Arrivals of <paramref name="scenario"/> planned in [second, second + 1) of the run.</summary>
    public static long ArrivalsIn(Scenario scenario, long second)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var from = TimeSpan.FromSeconds(second) - scenario.StartTime;
        return ArrivalSchedule.CountBetween(scenario, from, from + TimeSpan.FromSeconds(1));
    }

    /// <summary>VUs targeted in the middle of <paramref name="second"/> over every constant-vus and ramping-vus scenario.</summary>
    public static int VusIn(Plan plan, long second)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Scenarios.Where(HasVuTarget).Sum(s => VusIn(s, second));
    }

    public static int VusIn(Scenario scenario, long second)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var offset = TimeSpan.FromSeconds(second + 0.5) - scenario.StartTime;
        if (offset < TimeSpan.Zero || offset >= scenario.Length)
        {
            return 0;
        }

        return scenario.Executor switch
        {
            Executors.ConstantVus => scenario.Vus,
            Executors.RampingVus => VuSchedule.VusAt(scenario, offset),
            _ => 0,
        };
    }

    private static bool HasVuTarget(Scenario scenario) => scenario.Executor is Executors.ConstantVus or Executors.RampingVus;
}
