using ServerlessLoad.Core.Schedules;

namespace ServerlessLoad.Core.Security;

/// <summary>
/// The one rule set for every id and name that reaches storage from outside: run ids (in URLs, the baseline header and
/// plans' <c>baseline:</c>), artifact names, schedule and stored-plan names, and the trigger a client may declare. Each
/// check returns why the value is refused (echoing at most a short, cleaned part of it), or null when it is good; the
/// API answers a refused id with 400 and never lets it reach a table key or a blob path.
/// </summary>
public static class ResourceIds
{
    public const int MaxRunIdLength = 64;

    public const int MaxArtifactNameLength = 200;

    public const int MaxArtifactSegmentLength = 100;

    public const int MaxArtifactDepth = 4;

    /// <summary>What a client may declare in X-Sload-Trigger; <c>schedule</c> and <c>direct</c> are the pipeline's own.</summary>
    public static readonly IReadOnlyList<string> ClientTriggers = ["api", "cli", "ci"];

    /// <summary>1-64 ASCII letters, digits, '-' and '_', starting with a letter or digit (20261123-174501-3fa9c2).</summary>
    public static string? RunIdProblem(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return "a run id is required";
        }

        if (id.Length > MaxRunIdLength)
        {
            return $"a run id has at most {MaxRunIdLength} characters (found {id.Length})";
        }

        if (!char.IsAsciiLetterOrDigit(id[0]) || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return $"'{InputText.Clean(id)}' is not a run id: letters, digits, '-' and '_', starting with a letter or digit";
        }

        return null;
    }

    public static bool IsRunId(string? id) => RunIdProblem(id) is null;

    /// <summary>
    /// Names of published files: '/'-separated segments (at most <see cref="MaxArtifactDepth"/>) of ASCII letters,
    /// digits, '.', '-' and '_', none empty, none starting or ending with '.', so no name climbs out of its run's folder
    /// or means something else to a file system (charts/latency.png).
    /// </summary>
    public static string? ArtifactNameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "an artifact name is required";
        }

        if (name.Length > MaxArtifactNameLength)
        {
            return $"an artifact name has at most {MaxArtifactNameLength} characters (found {name.Length})";
        }

        var segments = name.Split('/');
        var bad = segments.Length > MaxArtifactDepth || segments.Any(s =>
            s.Length == 0 || s.Length > MaxArtifactSegmentLength || s[0] == '.' || s[^1] == '.'
            || !s.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'));
        return bad
            ? $"'{InputText.Clean(name)}' is not an artifact name: '/'-separated parts of letters, digits, '.', '-' and '_', none empty or starting or ending with '.'"
            : null;
    }

    public static bool IsArtifactName(string? name) => ArtifactNameProblem(name) is null;

    /// <summary>Schedules and stored plans share one naming rule (<see cref="ScheduleNames"/>).</summary>
    public static string? NameProblem(string? name) => ScheduleNames.Problem(name);

    public static string? TriggerProblem(string? trigger) =>
        trigger is not null && ClientTriggers.Contains(trigger, StringComparer.Ordinal)
            ? null
            : $"'{InputText.Clean(trigger)}' is not a trigger a client may declare; one of {string.Join(", ", ClientTriggers)}";
}
