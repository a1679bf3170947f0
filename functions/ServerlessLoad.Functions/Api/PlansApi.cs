using System.Text;
using Microsoft.Azure.Functions.Worker;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Schedules;
using ServerlessLoad.Storage.Pipeline;
using ServerlessLoad.Storage.Schedules;

namespace ServerlessLoad.Functions.Api;

/// <summary>Stored plans under /api/plans/{name}, which schedules can run by name (planName).</summary>
public sealed class PlansApi(ScheduleStore store, PipelineSettings settings)
{
    private const long MaxPlanBytes = 1024 * 1024;

    [Function("PutPlan")]
    public async Task<IResult> PutAsync([HttpTrigger(AuthorizationLevel.Function, "put", Route = "api/plans/{name}")] HttpRequest request, string name, CancellationToken ct)
    {
        if (ScheduleNames.Problem(name) is { } nameProblem)
        {
            return SchedulesApi.Invalid([new PlanProblem("name", null, nameProblem)], [], "The plan is invalid");
        }

        if (request.ContentLength > MaxPlanBytes)
        {
            return SchedulesApi.Invalid([new PlanProblem("(body)", null, $"the plan is larger than {MaxPlanBytes} bytes")], [], "The plan is invalid");
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
        var parsed = PlanParser.Parse(text, settings.PlanChecks);
        var problems = parsed.Problems.Concat(parsed.Plan is null ? [] : TargetPolicy.Check(parsed.Plan, settings.AllowedTargetHosts)).ToList();
        if (problems.Count > 0)
        {
            return SchedulesApi.Invalid(problems, [], "The plan is invalid");
        }

        var created = await store.PutPlanAsync(name, text, ct).ConfigureAwait(false);
        var body = new { name, planName = parsed.Plan!.Name, url = $"/api/plans/{name}" };
        return created ? Results.Created($"/api/plans/{name}", body) : Results.Ok(body);
    }

    [Function("GetPlan")]
    public async Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/plans/{name}")] HttpRequest request, string name, CancellationToken ct) =>
        ScheduleNames.IsValid(name) && await store.GetPlanAsync(name, ct).ConfigureAwait(false) is { } text
            ? Results.Text(text, "application/yaml", Encoding.UTF8)
            : NotFound(name);

    [Function("ListPlans")]
    public async Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/plans")] HttpRequest request, CancellationToken ct) =>
        Results.Ok(new { plans = await store.ListPlansAsync(ct).ConfigureAwait(false) });

    [Function("DeletePlan")]
    public async Task<IResult> DeleteAsync([HttpTrigger(AuthorizationLevel.Function, "delete", Route = "api/plans/{name}")] HttpRequest request, string name, CancellationToken ct) =>
        ScheduleNames.IsValid(name) && await store.DeletePlanAsync(name, ct).ConfigureAwait(false) ? Results.NoContent() : NotFound(name);

    private static IResult NotFound(string name) =>
        Results.Problem(title: $"No stored plan '{name}'", statusCode: StatusCodes.Status404NotFound);
}
