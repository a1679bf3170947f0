namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>
/// The key names a <c>press</c> action may use, as Playwright names them: a single character, or a key name, optionally
/// after modifiers joined by '+' (<c>Control+A</c>, <c>Shift+Tab</c>).
/// </summary>
internal static class BrowserKeys
{
    public static readonly IReadOnlyList<string> Modifiers = ["Shift", "Control", "Alt", "Meta", "ControlOrMeta"];

    public static readonly IReadOnlyList<string> Named =
    [
        "Enter", "Tab", "Escape", "Backspace", "Delete", "Insert", "Home", "End", "PageUp", "PageDown", "ArrowUp", "ArrowDown",
        "ArrowLeft", "ArrowRight", "Space", "Backquote", "Minus", "Equal", "Backslash", "BracketLeft", "BracketRight", "Semicolon",
        "Quote", "Comma", "Period", "Slash", "CapsLock", .. Enumerable.Range(1, 12).Select(i => $"F{i}"),
        .. Enumerable.Range(0, 10).Select(i => $"Digit{i}"), .. Enumerable.Range('A', 26).Select(c => $"Key{(char)c}"),
        .. Modifiers,
    ];

    /// <summary>Why <paramref name="key"/> is not a key Playwright can press, or null.</summary>
    public static string? Problem(string key)
    {
        if (key.Length == 1 && !char.IsControl(key[0]))
        {
            return null;
        }

        var parts = key.Split('+');
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var last = i == parts.Length - 1;
            if (last && (part.Length == 1 && !char.IsControl(part[0]) || Named.Contains(part, StringComparer.Ordinal)))
            {
                continue;
            }

            if (!last && Modifiers.Contains(part, StringComparer.Ordinal))
            {
                continue;
            }

            var hint = ClosestName.Hint(part, last ? Named : Modifiers);
            return part.Length == 0
                ? $"'{SourceScalar.Shorten(key)}' has an empty part: write keys such as Enter, a, Control+A"
                : $"unknown key '{SourceScalar.Shorten(part)}'{hint} (use a character or a key name such as Enter, Tab, Escape, ArrowDown, F5, KeyA, Digit1, with modifiers first: Control+A)";
        }

        return null;
    }
}
