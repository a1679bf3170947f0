using System.Globalization;
using System.Text;

namespace ServerlessLoad.Core.Security;

/// <summary>
/// Input shown back to whoever sent it (problem messages, log lines): never more than <see cref="MaxEcho"/> characters,
/// and never a raw control character, so a 20 MB name cannot come back as a 20 MB error and a CR in a URL cannot forge a
/// log line.
/// </summary>
public static class InputText
{
    /// <summary>The most characters of one input any message repeats.</summary>
    public const int MaxEcho = 200;

    /// <summary>The usual length of an echo inside a longer message.</summary>
    public const int ShortEcho = 40;

    /// <summary>
    /// <paramref name="text"/> made safe to repeat: control characters (and the Unicode line and paragraph separators)
    /// written as <c>\n</c>, <c>\r</c>, <c>\t</c>, <c>\0</c> or <c>\uXXXX</c>, then cut to <paramref name="max"/>
    /// characters (at most <see cref="MaxEcho"/>) ending in "...".
    /// </summary>
    public static string Clean(string? text, int max = ShortEcho)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 4);
        max = Math.Min(max, MaxEcho);
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var cleaned = new StringBuilder(Math.Min(text.Length, max) + 8);
        var consumed = 0;
        while (consumed < text.Length && cleaned.Length <= max)
        {
            cleaned.Append(Escape(text[consumed]));
            consumed++;
        }

        return consumed == text.Length && cleaned.Length <= max
            ? cleaned.ToString()
            : string.Concat(cleaned.ToString().AsSpan(0, max - 3), "...");
    }

    /// <summary>True when <paramref name="text"/> holds a character that must not reach a log line or a header as it is.</summary>
    public static bool HasControl(string text) => text.Any(IsUnsafe);

    private static bool IsUnsafe(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';

    private static string Escape(char c) => c switch
    {
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        '\0' => "\\0",
        _ when IsUnsafe(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
        _ => c.ToString(),
    };
}
