using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Security;

namespace ServerlessLoad.Functions.Api.Edge;

/// <summary>
/// Every error the API answers, as application/problem+json, with input echoed only in short, cleaned pieces: a list of
/// problems shows at most <see cref="MaxListed"/> of them, each field and message cut, so no error grows with the body
/// that caused it.
/// </summary>
public static class ApiProblems
{
    public const int MaxListed = 50;

    public const int MaxField = InputText.MaxEcho;

    public const int MaxMessage = 300;

    private const int MaxDetail = 1000;

    /// <summary>400 listing every problem as {field, line, message} (the first <see cref="MaxListed"/>, and how many more).</summary>
    public static IResult Invalid(string title, string type, IReadOnlyList<PlanProblem> problems, IReadOnlyDictionary<string, object?>? more = null)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var listed = problems.Take(MaxListed)
            .Select(p => new PlanProblem(InputText.Clean(p.Field, MaxField), p.Line, Cut(p.Message, MaxMessage)))
            .ToList();
        var detail = $"{problems.Count} problem(s): " + string.Join("; ", listed.Select(p => p.ToString()));
        var extensions = new Dictionary<string, object?>
        {
            ["errors"] = listed.Select(p => new { field = p.Field, line = p.Line, message = p.Message }).ToList(),
        };
        if (problems.Count > MaxListed)
        {
            extensions["moreErrors"] = problems.Count - MaxListed;
        }

        foreach (var (key, value) in more ?? new Dictionary<string, object?>())
        {
            extensions[key] = value;
        }

        return Results.Problem(title: title, detail: Cut(detail, MaxDetail), statusCode: StatusCodes.Status400BadRequest, type: type, extensions: extensions);
    }

    public static IResult BadRequest(string title, string? detail = null) =>
        Results.Problem(title: Cut(title, MaxMessage), detail: detail is null ? null : Cut(detail, MaxMessage), statusCode: StatusCodes.Status400BadRequest);

    /// <summary>400 for an id or name that breaks <see cref="ResourceIds"/>' rules; it never reaches storage.</summary>
    public static IResult BadId(string what, string problem) =>
        Results.Problem(title: $"Invalid {what}", detail: Cut(problem, MaxMessage), statusCode: StatusCodes.Status400BadRequest, type: "https://serverlessload.dev/problems/invalid-id");

    public static IResult NotFound(string title) =>
        Results.Problem(title: Cut(title, MaxMessage), statusCode: StatusCodes.Status404NotFound);

    public static IResult TooLarge(BodyRule rule) =>
        Results.Problem(
            title: $"The {rule.What} is too large",
            detail: $"A {rule.What} holds at most {rule.MaxBytes} bytes.",
            statusCode: StatusCodes.Status413PayloadTooLarge);

    public static IResult UnsupportedMediaType(BodyRule rule) =>
        Results.Problem(
            title: "Unsupported media type",
            detail: $"Send the {rule.What} as {string.Join(", ", rule.MediaTypes)} (UTF-8).",
            statusCode: StatusCodes.Status415UnsupportedMediaType);

    /// <summary>The answer to anything unexpected: nothing about what failed, which is in the log.</summary>
    public static IResult Unexpected() =>
        Results.Problem(title: "An unexpected error occurred", statusCode: StatusCodes.Status500InternalServerError, type: "https://serverlessload.dev/problems/unexpected");

    /// <summary><paramref name="text"/> without control characters, cut to <paramref name="max"/> characters.</summary>
    public static string Cut(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        var clean = InputText.HasControl(text) ? string.Concat(text.Select(c => char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c)) : text;
        return clean.Length <= max ? clean : string.Concat(clean.AsSpan(0, max - 3), "...");
    }
}
