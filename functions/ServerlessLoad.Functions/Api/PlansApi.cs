using System.Text;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Schedules;
using ServerlessLoad.Storage.Pipeline;
using ServerlessLoad.Storage.Schedules;

namespace ServerlessLoad.Functions.Api;

/// <summary>Stored plans under /api/plans/{name}, which schedules can run by name (planName).</summary>
public static class PlansApi
{
    private const long MaxPlanBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapPlansApi(this IEndpointRouteBuilder app)
    {
        var plans = app.MapGroup("/api/plans");
        plans.MapGet("/", ListAsync);
        plans.MapPut("/{name}", PutAsync);
        plans.MapGet("/{name}", GetAsync);
        plans.MapDelete("/{name}", DeleteAsync);
        return app;
    }

    private static async Task<IResult> PutAsync(string name, HttpRequest request, ScheduleStore store, PipelineSettings settings, CancellationToken ct)
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
        var parsed = PlanParser.Parse(text);
        var problems = parsed.Problems.Concat(parsed.Plan is null ? [] : TargetPolicy.Check(parsed.Plan, settings.AllowedTargetHosts)).ToList();
        if (problems.Count > 0)
        {
            return SchedulesApi.Invalid(problems, [], "The plan is invalid");
        }

        var created = await store.PutPlanAsync(name, text, ct).ConfigureAwait(false);
        var body = new { name, planName = parsed.Plan!.Name, url = $"/api/plans/{name}" };
        return created ? Results.Created($"/api/plans/{name}", body) : Results.Ok(body);
    }

    private static async Task<IResult> GetAsync(string name, ScheduleStore store, CancellationToken ct) =>
        ScheduleNames.IsValid(name) && await store.GetPlanAsync(name, ct).ConfigureAwait(false) is { } text
            ? Results.Text(text, "application/yaml", Encoding.UTF8)
            : NotFound(name);

    private static async Task<IResult> ListAsync(ScheduleStore store, CancellationToken ct) =>
        Results.Ok(new { plans = await store.ListPlansAsync(ct).ConfigureAwait(false) });

    private static async Task<IResult> DeleteAsync(string name, ScheduleStore store, CancellationToken ct) =>
        ScheduleNames.IsValid(name) && await store.DeletePlanAsync(name, ct).ConfigureAwait(false) ? Results.NoContent() : NotFound(name);

    private static IResult NotFound(string name) =>
        Results.Problem(title: $"No stored plan '{name}'", statusCode: StatusCodes.Status404NotFound);
}
