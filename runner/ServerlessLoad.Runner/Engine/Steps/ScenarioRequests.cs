using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Runner.Engine.Steps;

internal static class ScenarioRequests
{
    /// <summary>Every request a scenario may send: its weighted requests and its http steps' requests.</summary>
    public static IEnumerable<RequestSpec> AllRequests(this Scenario scenario) =>
        scenario.Requests.Concat(scenario.Steps.OfType<HttpStep>().Select(s => s.Request));
}
