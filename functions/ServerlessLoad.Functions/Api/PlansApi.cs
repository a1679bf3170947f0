using System.Text;
using Microsoft.Azure.Functions.Worker;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Schedules;
using ServerlessLoad.Functions.Api.Edge;
using ServerlessLoad.Storage.Pipeline;
using ServerlessLoad.Storage.Schedules;

namespace ServerlessLoad.Functions.Api;

/// <summary>Stored plans under /api/plans/{name}, which schedules can run by name (planName).</summary>
public sealed class PlansApi(ScheduleStore store, PipelineSettings settings)
{
    [Function("PutPlan")]
    public async Task<IResult> PutAsync([HttpTrigger(AuthorizationLevel.Function, "put", Route = "api/plans/{name}")] HttpRequest request, string name, CancellationToken ct)
    {
        if (ScheduleNames.Problem(name) is { } nameProblem)
        {
            return SchedulesApi.Invalid([new PlanProblem("name", null, nameProblem)], [], "The plan is invalid");
        }

        var body = await ApiBodies.ReadAsync(request, BodyRule.Plan, ct).ConfigureAwait(false);
        if (body.Refusal is { } refusal)
        {
            return refusal;
        }

        var text = body.Text!;
        var parsed = PlanParser.Parse(text, settings.PlanChecks);
        var problems = parsed.Problems.Concat(parsed.Plan is null ? [] : TargetPolicy.Admit(parsed.Plan, settings.PlanLimits)).ToList();
        if (problems.Count > 0)
        {
            return SchedulesApi.Invalid(problems, [], "The plan is invalid");
        }

        // Stored as a run's plan is: canonical, literal credentials masked.
        var redacted = PlanRedaction.ForStorage(parsed.Plan!);
        var created = await store.PutPlanAsync(name, PlanParser.ToYaml(redacted.Plan), ct).ConfigureAwait(false);
        var stored = new { name, planName = parsed.Plan!.Name, url = $"/api/plans/{name}", masked = redacted.Masked };
        return created ? Results.Created($"/api/plans/{name}", stored) : Results.Ok(stored);
    }

    [Function("GetPlan")]
    public async Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/plans/{name}")] HttpRequest request, string name, CancellationToken ct) =>
        ScheduleNames.IsValid(name) && await store.GetPlanAsync(name, ct).ConfigureAwait(false) is { } text
            ? Results.Text(Schedules.PlanDisplay.Of(text), "application/yaml", Encoding.UTF8)
            : NotFound(name);

    [Function("ListPlans")]
    public async Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/plans")] HttpRequest request, CancellationToken ct) =>
        Results.Ok(new { plans = await store.ListPlansAsync(ct).ConfigureAwait(false) });

    [Function("DeletePlan")]
    public async Task<IResult> DeleteAsync([HttpTrigger(AuthorizationLevel.Function, "delete", Route = "api/plans/{name}")] HttpRequest request, string name, CancellationToken ct) =>
        ScheduleNames.IsValid(name) && await store.DeletePlanAsync(name, ct).ConfigureAwait(false) ? Results.NoContent() : NotFound(name);

    private static IResult NotFound(string name) => ApiProblems.NotFound($"No stored plan '{Core.Security.InputText.Clean(name)}'");
}
