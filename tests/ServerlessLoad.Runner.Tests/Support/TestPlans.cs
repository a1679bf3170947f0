using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Runner.Tests.Support;

internal static class TestPlans
{
    public const string Target = "demo";

    public static RequestSpec Get(string name, string path, int weight = 1) =>
        new() { Name = name, Target = Target, Path = path, Weight = weight };

    public static Plan ConstantVus(Uri target, int vus, TimeSpan duration, params RequestSpec[] requests) =>
        WithScenarios(target, new Scenario { Name = "main", Vus = vus, Duration = duration, Requests = requests });

    public static Plan WithScenarios(Uri target, params Scenario[] scenarios) => new()
    {
        Name = "test",
        Targets = new Dictionary<string, Uri> { [Target] = target },
        Scenarios = scenarios,
    };
}
