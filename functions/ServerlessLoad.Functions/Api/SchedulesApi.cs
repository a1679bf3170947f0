using System.Text;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Functions.Schedules;
using ServerlessLoad.Storage.Schedules;

namespace ServerlessLoad.Functions.Api;

/// <summary>HTTP surface of schedules under /api/schedules: add, list, show, replace, remove, run now.</summary>
public static class SchedulesApi
{
    private const long MaxBodyBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapSchedulesApi(this IEndpointRouteBuilder app)
    {
        var schedules = app.MapGroup("/api/schedules");
        schedules.MapPost("/", CreateAsync);
        schedules.MapGet("/", ListAsync);
        schedules.MapGet("/{name}", GetAsync);
        schedules.MapPut("/{name}", ReplaceAsync);
        schedules.MapDelete("/{name}", DeleteAsync);
        schedules.MapPost("/{name}/run-now", RunNowAsync);
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, ScheduleCatalog catalog, TimeProvider time, CancellationToken ct)
    {
        var (definition, problems) = await ReadAsync(request, null, ct).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            return Invalid(problems, await Also(catalog, definition, ct).ConfigureAwait(false));
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

    private static async Task<IResult> ReplaceAsync(string name, HttpRequest request, ScheduleCatalog catalog, TimeProvider time, CancellationToken ct)
    {
        var (definition, problems) = await ReadAsync(request, name, ct).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            return Invalid(problems, await Also(catalog, definition, ct).ConfigureAwait(false));
        }

        var change = await catalog.ReplaceAsync(definition!, ct).ConfigureAwait(false);
        if (change.Schedule is not { } stored)
        {
            return Invalid(change.Problems, []);
        }

        var view = ScheduleView.From(stored, time.GetUtcNow());
        return change.Created ? Results.Created($"/api/schedules/{stored.Name}", view) : Results.Ok(view);
    }

    private static async Task<IResult> ListAsync(ScheduleStore store, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var all = await store.ListAsync(ct).ConfigureAwait(false);
        return Results.Ok(new { schedules = all.Select(s => ScheduleView.From(s, now)).ToList() });
    }

    private static async Task<IResult> GetAsync(string name, ScheduleStore store, TimeProvider time, CancellationToken ct) =>
        await Find(store, name, ct).ConfigureAwait(false) is { } schedule
            ? Results.Ok(ScheduleView.From(schedule, time.GetUtcNow()))
            : NotFound(name);

    private static async Task<IResult> DeleteAsync(string name, ScheduleStore store, CancellationToken ct) =>
        ScheduleNamesAllow(name) && await store.DeleteAsync(name, ct).ConfigureAwait(false) ? Results.NoContent() : NotFound(name);

    private static async Task<IResult> RunNowAsync(string name, ScheduleRunnerFunction runner, CancellationToken ct)
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
        return Results.Problem(
            title: title,
            detail: $"{all.Count} problem(s): " + string.Join("; ", all.Select(p => p.ToString())),
            statusCode: StatusCodes.Status400BadRequest,
            type: "https://serverlessload.dev/problems/invalid-schedule",
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = all.Select(p => new { field = p.Field, line = p.Line, message = p.Message }).ToList(),
            });
    }

    // Shape problems and the definition's own are reported together, so one round trip shows everything.
    private static async Task<IReadOnlyList<PlanProblem>> Also(ScheduleCatalog catalog, Core.Schedules.ScheduleDefinition? definition, CancellationToken ct) =>
        definition is null ? [] : await catalog.ValidateAsync(definition, ct).ConfigureAwait(false);

    private static async Task<(Core.Schedules.ScheduleDefinition? Definition, IReadOnlyList<PlanProblem> Problems)> ReadAsync(HttpRequest request, string? routeName, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, [new PlanProblem("$", null, $"the body is larger than {MaxBodyBytes} bytes")]);
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
        return ScheduleRequestReader.Read(body, routeName);
    }

    private static async Task<ScheduleRecord?> Find(ScheduleStore store, string name, CancellationToken ct) =>
        ScheduleNamesAllow(name) ? await store.GetAsync(name, ct).ConfigureAwait(false) : null;

    private static bool ScheduleNamesAllow(string name) => Core.Schedules.ScheduleNames.IsValid(name);

    private static IResult NotFound(string name) =>
        Results.Problem(title: $"Schedule {name} not found", statusCode: StatusCodes.Status404NotFound);
}
