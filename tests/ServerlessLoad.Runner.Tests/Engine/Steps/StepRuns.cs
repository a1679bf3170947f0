using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Results;
using ServerlessLoad.Runner.Engine;
using ServerlessLoad.Runner.Tests.Support;

namespace ServerlessLoad.Runner.Tests.Engine.Steps;

/// <summary>Step scenarios built in code, and short real slice runs of them against a local server.</summary>
internal static class StepRuns
{
    private static readonly TimeSpan Lead = TimeSpan.FromMilliseconds(150);

    public static HttpStep Send(string name, string path, string method = "GET") =>
        new() { Request = new RequestSpec { Name = name, Target = TestPlans.Target, Path = path, Method = method } };

    public static Check Status(params int[] statuses) =>
        new(CheckKind.Status, null, null, [.. statuses.Select(s => new StatusRange(s, s))], TimeSpan.Zero);

    public static Check CheckOf(CheckKind kind, string? subject, string? expected) => new(kind, subject, expected, [], TimeSpan.Zero);

    public static Check LatencyUnder(TimeSpan bound) => new(CheckKind.LatencyUnder, null, null, [], bound);

    /// <summary>per-vu-iterations: every VU runs exactly <paramref name="iterations"/> iterations of the steps.</summary>
    public static Scenario Journey(int vus, int iterations, params Step[] steps) => new()
    {
        Name = "journey",
        Executor = Executors.PerVuIterations,
        Vus = vus,
        Iterations = iterations,
        MaxDuration = TimeSpan.FromSeconds(20),
        Requests = [],
        Steps = steps,
    };

    public static Plan PlanFor(Uri target, Scenario scenario) => TestPlans.WithScenarios(target, scenario);

    public static async Task<Dictionary<string, RequestStats>> RunAsync(Plan plan, int index = 0, int count = 1)
    {
        var startAt = DateTimeOffset.UtcNow + Lead;
        var recorder = new SliceRecorder(startAt, TimeProvider.System);
        await SliceExecution.RunAsync(new SliceContext(plan, index, count, startAt, recorder, TimeProvider.System), CancellationToken.None);
        return Merge(recorder.TakeAll("run", index, 1));
    }

    public static Dictionary<string, RequestStats> Merge(IEnumerable<SliceSecond> seconds)
    {
        var merged = new Dictionary<string, RequestStats>(StringComparer.Ordinal);
        foreach (var (name, stats) in seconds.SelectMany(s => s.Requests))
        {
            if (!merged.TryGetValue(name, out var into))
            {
                merged[name] = into = new RequestStats();
            }

            into.Add(stats);
        }

        return merged;
    }
}
