using System.Text;
using Microsoft.Azure.Functions.Worker;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Functions.Api.Edge;
using ServerlessLoad.Functions.Schedules;
using ServerlessLoad.Storage.Schedules;

namespace ServerlessLoad.Functions.Api;

/// <summary>HTTP surface of schedules under /api/schedules: add, list, show, replace, remove, run now.</summary>
public sealed class SchedulesApi(ScheduleCatalog catalog, ScheduleStore store, ScheduleRunnerFunction runner, TimeProvider time)
{
    [Function("CreateSchedule")]
    public async Task<IResult> CreateAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/schedules")] HttpRequest request, CancellationToken ct)
    {
        var (definition, problems, refusal) = await ReadAsync(request, null, ct).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        if (problems.Count > 0)
        {
            return Invalid(problems, await AlsoAsync(definition, ct).ConfigureAwait(false));
        }

        var change = await catalog.CreateAsync(definition!, ct).ConfigureAwait(false);
        if (change.Exists)
        {
            return Results.Problem(
                title: $"Schedule {definition!.Name} exists",
                detail: $"Replace it with PUT /api/schedules/{definition.Name}, or remove it first.",
                statusCode: StatusCodes.Status409Conflict);
        }

        return change.Schedule is { } created
            ? Results.Created($"/api/schedules/{created.Name}", ScheduleView.From(created, time.GetUtcNow()))
            : Invalid(change.Problems, []);
    }

    [Function("ReplaceSchedule")]
    public async Task<IResult> ReplaceAsync([HttpTrigger(AuthorizationLevel.Function, "put", Route = "api/schedules/{name}")] HttpRequest request, string name, CancellationToken ct)
    {
        var (definition, problems, refusal) = await ReadAsync(request, name, ct).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        if (problems.Count > 0)
        {
            return Invalid(problems, await AlsoAsync(definition, ct).ConfigureAwait(false));
        }

        var change = await catalog.ReplaceAsync(definition!, ct).ConfigureAwait(false);
        if (change.Schedule is not { } stored)
        {
            return Invalid(change.Problems, []);
        }

        var view = ScheduleView.From(stored, time.GetUtcNow());
        return change.Created ? Results.Created($"/api/schedules/{stored.Name}", view) : Results.Ok(view);
    }

    [Function("ListSchedules")]
    public async Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/schedules")] HttpRequest request, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var all = await store.ListAsync(ct).ConfigureAwait(false);
        return Results.Ok(new { schedules = all.Select(s => ScheduleView.From(s, now)).ToList() });
    }

    [Function("GetSchedule")]
    public async Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/schedules/{name}")] HttpRequest request, string name, CancellationToken ct) =>
        await FindAsync(name, ct).ConfigureAwait(false) is { } schedule
            ? Results.Ok(ScheduleView.From(schedule, time.GetUtcNow()))
            : NotFound(name);

    [Function("DeleteSchedule")]
    public async Task<IResult> DeleteAsync([HttpTrigger(AuthorizationLevel.Function, "delete", Route = "api/schedules/{name}")] HttpRequest request, string name, CancellationToken ct) =>
        ScheduleNamesAllow(name) && await store.DeleteAsync(name, ct).ConfigureAwait(false) ? Results.NoContent() : NotFound(name);

    [Function("RunScheduleNow")]
    public async Task<IResult> RunNowAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/schedules/{name}/run-now")] HttpRequest request, string name, CancellationToken ct)
    {
        if (!ScheduleNamesAllow(name) || await runner.RunNowAsync(name, ct).ConfigureAwait(false) is not { } result)
        {
            return NotFound(name);
        }

        return result.Accepted
            ? Results.Accepted($"/api/runs/{result.RunId}", new { runId = result.RunId, status = RunStatus.Queued, trigger = ScheduleRunnerFunction.Trigger })
            : Invalid(result.Problems, []);
    }

    /// <summary>400 application/problem+json listing every problem as {field, line, message}.</summary>
    internal static IResult Invalid(IReadOnlyList<PlanProblem> problems, IReadOnlyList<PlanProblem> more, string title = "The schedule is invalid")
    {
        var all = problems.Concat(more.Where(m => !problems.Any(p => p.Field == m.Field))).ToList();
        return ApiProblems.Invalid(title, "https://serverlessload.dev/problems/invalid-schedule", all);
    }

    // Shape problems and the definition's own are reported together, so one round trip shows everything.
    private async Task<IReadOnlyList<PlanProblem>> AlsoAsync(Core.Schedules.ScheduleDefinition? definition, CancellationToken ct) =>
        definition is null ? [] : await catalog.ValidateAsync(definition, ct).ConfigureAwait(false);

    private static async Task<(Core.Schedules.ScheduleDefinition? Definition, IReadOnlyList<PlanProblem> Problems, IResult? Refusal)> ReadAsync(
        HttpRequest request, string? routeName, CancellationToken ct)
    {
        var body = await ApiBodies.ReadAsync(request, BodyRule.Schedule, ct).ConfigureAwait(false);
        if (body.Refusal is { } refusal)
        {
            return (null, [], refusal);
        }

        var (definition, problems) = ScheduleRequestReader.Read(body.Text!, routeName);
        return (definition, problems, null);
    }

    private async Task<ScheduleRecord?> FindAsync(string name, CancellationToken ct) =>
        ScheduleNamesAllow(name) ? await store.GetAsync(name, ct).ConfigureAwait(false) : null;

    private static bool ScheduleNamesAllow(string name) => Core.Schedules.ScheduleNames.IsValid(name);

    private static IResult NotFound(string name) => ApiProblems.NotFound($"Schedule {Core.Security.InputText.Clean(name)} not found");
}
