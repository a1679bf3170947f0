namespace ServerlessLoad.Reports.Charts;

/// <summary>
/// Estimated text widths for laying out labels without a font engine. The per-character factors are on the wide side
/// of common sans-serif faces, so a label measured to fit does fit whichever system font the viewer has.
/// </summary>
internal static class TextMetrics
{
    private const string Ellipsis = "…";

    public static double Width(string text, double fontSize)
    {
        double em = 0;
        foreach (var c in text)
        {
            em += c switch
            {
                >= '0' and <= '9' => 0.58,
                '.' or ',' or ':' or ';' or '\'' or '|' or '!' or 'i' or 'l' or 'j' or 'I' or ' ' => 0.32,
                'f' or 't' or 'r' or '(' or ')' or '[' or ']' or '/' or '-' => 0.42,
                'm' or 'w' or 'M' or 'W' or '@' or '%' => 0.92,
                >= 'A' and <= 'Z' => 0.72,
                _ when c > '\u2E80' => 1.0, // CJK and other full-width scripts
                _ => 0.6,
            };
        }

        return em * fontSize;
    }

    /// <summary>The text, or its longest prefix plus an ellipsis, whose width is at most <paramref name="maxWidth"/>.</summary>
    public static string Fit(string text, double fontSize, double maxWidth)
    {
        if (Width(text, fontSize) <= maxWidth)
        {
            return text;
        }

        var length = text.Length;
        while (length > 0 && Width(text[..length] + Ellipsis, fontSize) > maxWidth)
        {
            length--;
        }

        // Never split a surrogate pair.
        if (length > 0 && char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }

        return text[..length] + Ellipsis;
    }
}
