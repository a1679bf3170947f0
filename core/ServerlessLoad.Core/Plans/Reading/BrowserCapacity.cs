using System.Globalization;

namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>
/// A runner has room for a bounded number of browser VUs (each is a browser context with its own renderer, hundreds of
/// times the cost of an HTTP VU). Slices split browser VUs exactly like any others, so the rule is checked on the
/// busiest slice: its share of every browser scenario's peak VUs, added up, must fit one runner.
/// </summary>
internal static class BrowserCapacity
{
    public static void Check(KnownFields root, IReadOnlyList<Scenario> scenarios, PlanReadContext context)
    {
        if (context.Options.MaxBrowserVusPerRunner is not { } cap || context.Slices is not { } slices || !scenarios.Any(s => s.HasBrowserSteps()))
        {
            return;
        }

        var plan = new Plan { Name = "capacity", Targets = new Dictionary<string, Uri>(), Scenarios = scenarios, Slices = slices };
        var oneProcess = context.Options.AllSlicesInOneProcess;
        var (busiest, vus) = Busiest(plan, slices, oneProcess);
        if (vus <= cap)
        {
            return;
        }

        var browser = scenarios.Select((s, i) => (Scenario: s, Index: i)).Where(s => s.Scenario.HasBrowserSteps()).ToList();
        var (first, index) = browser.OrderByDescending(s => SliceShare(s.Scenario, busiest, slices, oneProcess)).First();
        var (field, line) = LoadField(root, index, first);
        var shares = string.Join(", ", browser.Select(s => $"{s.Scenario.Name}: {Count(SliceShare(s.Scenario, busiest, slices, oneProcess))}"));
        var where = oneProcess
            ? $"running every slice in this process (sload run --direct) means {Count(vus)} browser VUs at once ({shares})"
            : $"slice {Count(busiest)} of {Count(slices)} would run {Count(vus)} browser VUs at once ({shares})";
        var fix = oneProcess
            ? "run it on the pipeline (sload run without --direct) over enough slices, or lower the browser VUs"
            : MinimumSlices(plan, slices, cap) is { } enough
                ? $"set slices to at least {Count(enough)}, or lower the browser VUs"
                : "lower the browser VUs";
        context.Problems.Add(field, line, $"{where}, above the per-runner cap of {Count(cap)} browser VUs (setting Sload:MaxBrowserVusPerRunner): {fix}");
    }

    private static (int Slice, int Vus) Busiest(Plan plan, int slices, bool oneProcess)
    {
        if (oneProcess)
        {
            return (0, Enumerable.Range(0, slices).Sum(i => BrowserScenarios.SlicePeakVus(plan, i, slices)));
        }

        var busiest = (Slice: 0, Vus: -1);
        for (var i = 0; i < slices; i++)
        {
            var vus = BrowserScenarios.SlicePeakVus(plan, i, slices);
            if (vus > busiest.Vus)
            {
                busiest = (i, vus);
            }
        }

        return busiest;
    }

    private static int SliceShare(Scenario scenario, int slice, int slices, bool oneProcess) =>
        oneProcess
            ? Enumerable.Range(0, slices).Sum(i => BrowserScenarios.SlicePeakVus(scenario, i, slices))
            : BrowserScenarios.SlicePeakVus(scenario, slice, slices);

    /// <summary>The fewest slices (up to the plan maximum) that bring every slice within the cap; null when none does.</summary>
    private static int? MinimumSlices(Plan plan, int slices, int cap)
    {
        for (var n = slices + 1; n <= PlanReader.MaxSlices; n++)
        {
            if (Busiest(plan, n, oneProcess: false).Vus <= cap)
            {
                return n;
            }
        }

        return null;
    }

    /// <summary>The scenario's field that sets its VUs, where the problem is reported, or the scenario itself.</summary>
    private static (string Field, int? Line) LoadField(KnownFields root, int index, Scenario scenario)
    {
        var path = FieldPath.Item("scenarios", index);
        if (root.Value("scenarios") is not SourceSequence { } sequence || index >= sequence.Items.Count || sequence.Items[index] is not SourceMapping mapping)
        {
            return (path, null);
        }

        string[] candidates = scenario.Weight is not null ? ["weight"]
            : scenario.Executor switch
            {
                Executors.RampingVus => ["stages"],
                Executors.ConstantArrivalRate or Executors.RampingArrivalRate => ["maxVUs", "preAllocatedVUs"],
                _ => ["vus"],
            };
        foreach (var candidate in candidates)
        {
            var entry = mapping.Entries.FirstOrDefault(e => e.Key is SourceScalar key && key.Text == candidate);
            if (entry.Key is not null)
            {
                return (FieldPath.Child(path, candidate), entry.Key.Line);
            }
        }

        return (path, mapping.Line);
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
