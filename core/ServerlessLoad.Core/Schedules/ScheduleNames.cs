using ServerlessLoad.Core.Security;

namespace ServerlessLoad.Core.Schedules;

/// <summary>
/// Names of schedules and stored plans: 1-63 characters of lowercase letters, digits, '-' and '_', starting with a
/// letter or digit, so a name is the same in a URL, a table key and a blob path.
/// </summary>
public static class ScheduleNames
{
    public const int MaxLength = 63;

    private static readonly System.Buffers.SearchValues<char> Allowed = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-_");

    public static string? Problem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "is required";
        }

        if (name.Length > MaxLength)
        {
            return $"is {name.Length} characters long; at most {MaxLength} are allowed";
        }

        if (!char.IsAsciiLetterLower(name[0]) && !char.IsAsciiDigit(name[0]))
        {
            return $"'{InputText.Clean(name)}' must start with a lowercase letter or a digit";
        }

        // By index: a NUL is default(char), so "no bad character" cannot be told by the character itself.
        var at = name.AsSpan().IndexOfAnyExcept(Allowed);
        var bad = at < 0 ? default : name[at];
        return at < 0 ? null : $"'{InputText.Clean(name)}' may hold only lowercase letters, digits, '-' and '_' (found '{InputText.Clean(bad.ToString())}')";
    }

    public static bool IsValid(string? name) => Problem(name) is null;
}
