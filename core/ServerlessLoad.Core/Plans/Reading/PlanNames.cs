using System.Text.RegularExpressions;

namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>Rules for the names a plan gives to itself, its scenarios, targets and requests.</summary>
internal static partial class PlanNames
{
    public const string NameRule = "must be 1 to 100 characters: letters, digits, spaces, '.', '_' or '-'";

    public const string TargetNameRule = "must be 1 to 100 characters: letters, digits, '.', '_' or '-'";

    public const int MaxRequestNameLength = 200;

    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    public static bool IsValidTargetName(string name) => TargetNamePattern().IsMatch(name);

    /// <summary>Why a request name is unusable, or null. Names key the results and appear in threshold filters.</summary>
    public static string? RequestNameProblem(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "must not be empty";
        }

        if (name.Length > MaxRequestNameLength)
        {
            return $"must be at most {MaxRequestNameLength} characters";
        }

        if (char.IsWhiteSpace(name[0]) || char.IsWhiteSpace(name[^1]))
        {
            return "must not start or end with spaces";
        }

        if (name.Any(char.IsControl))
        {
            return "must not contain control characters";
        }

        // Threshold filters are written latency{request:NAME}.p95, so braces would end the name early.
        return name.IndexOfAny(['{', '}']) >= 0 ? "must not contain '{' or '}'" : null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9 ._-]{1,100}\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,100}\z", RegexOptions.CultureInvariant)]
    private static partial Regex TargetNamePattern();
}
