using System.Text.RegularExpressions;

namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>
/// Reads an http step's <c>capture:</c>: variable name to one of <c>{json: $.token}</c>, <c>{header: x-session}</c> or
/// <c>{regex: 'id=(\d+)'}</c> (the first group, or the whole match). A later capture of the same name wins.
/// </summary>
internal static class CaptureReader
{
    /// <summary>How long one regex match may run; the engine builds its regexes with the same bound.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    public const RegexOptions PatternOptions = RegexOptions.CultureInvariant;

    public static readonly IReadOnlyList<string> Sources = ["json", "header", "regex"];

    public static List<Capture>? ReadAll(SourceNode node, string path, ProblemList problems)
    {
        if (Values.Mapping(node, path, problems) is not { } mapping)
        {
            return null;
        }

        var before = problems.Count;
        var captures = new List<Capture>();
        foreach (var (name, key, value) in MappingEntries.Read(mapping, path, problems, StringComparer.Ordinal))
        {
            var field = FieldPath.Child(path, name);
            if (TemplateScope.NameProblem(name, "variable") is { } problem)
            {
                problems.Add(field, key, problem);
                continue;
            }

            if (Read(name, value, field, problems) is { } capture)
            {
                captures.Add(capture);
            }
        }

        return problems.Count == before ? captures : null;
    }

    private static Capture? Read(string variable, SourceNode node, string path, ProblemList problems)
    {
        if (Values.Mapping(node, path, problems) is not { } mapping)
        {
            return null;
        }

        var entries = MappingEntries.Read(mapping, path, problems, StringComparer.Ordinal);
        if (entries.Count != 1)
        {
            problems.Add(path, mapping, $"a capture has exactly one of json, header or regex, found {entries.Count} fields");
            return null;
        }

        var (source, key, value) = entries[0];
        var field = FieldPath.Child(path, source);
        switch (source)
        {
            case "json":
                return CheckReader.ReadJsonPath(value, field, problems) is { } jsonPath ? new Capture(variable, CaptureSource.JsonPath, jsonPath) : null;
            case "header":
                return Values.Text(value, field, problems) is { } header ? new Capture(variable, CaptureSource.Header, header) : null;
            case "regex":
                return ReadRegex(value, field, problems) is { } pattern ? new Capture(variable, CaptureSource.Regex, pattern) : null;
            default:
                problems.Add(field, key, $"unknown capture source '{SourceScalar.Shorten(source)}'{ClosestName.Hint(source, Sources)} (known: {string.Join(", ", Sources)})");
                return null;
        }
    }

    private static string? ReadRegex(SourceNode node, string path, ProblemList problems)
    {
        if (Values.Text(node, path, problems) is not { } pattern)
        {
            return null;
        }

        try
        {
            _ = new Regex(pattern, PatternOptions, MatchTimeout);
            return pattern;
        }
        catch (ArgumentException e)
        {
            problems.Add(path, node, $"is not a valid regular expression: {e.Message}");
            return null;
        }
    }
}
