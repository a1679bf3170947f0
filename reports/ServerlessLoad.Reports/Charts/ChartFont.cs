using SkiaSharp;

namespace ServerlessLoad.Reports.Charts;

/// <summary>
/// The typeface every chart writes with, found once per process. Skia draws no text at all, and says nothing, when no
/// font can be found, so the charts ask for DejaVu Sans (Debian's fonts-dejavu-core, found through fontconfig) and
/// otherwise any installed family that has the glyphs chart labels use; <see cref="Problem"/> says when there is none.
/// </summary>
public static class ChartFont
{
    public const string Preferred = "DejaVu Sans";

    /// <summary>Characters every chart needs: digits, units, percent signs, axis titles.</summary>
    internal const string RequiredGlyphs = "0123456789.,:%()/+- abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private static readonly Lazy<(string Family, bool Found)> Resolved = new(Resolve);

    /// <summary>The family name to draw with; the system default when <see cref="Available"/> is false.</summary>
    public static string Family => Resolved.Value.Family;

    /// <summary>Whether a font with every glyph of the charts' labels was found.</summary>
    public static bool Available => Resolved.Value.Found;

    /// <summary>Why charts would come out without text, and how to fix it; null when a font was found.</summary>
    public static string? Problem => Available
        ? null
        : $"No usable font was found (wanted {Preferred}): charts would be drawn without any text. Install the fonts-dejavu-core and fontconfig packages (as root: apt-get install -y fonts-dejavu-core fontconfig).";

    private static (string Family, bool Found) Resolve()
    {
        var manager = SKFontManager.Default;
        var candidates = new[] { Preferred, SKTypeface.Default.FamilyName }.Concat(manager.FontFamilies.Order(StringComparer.Ordinal));
        foreach (var family in candidates.Where(f => !string.IsNullOrEmpty(f)).Distinct(StringComparer.Ordinal))
        {
            using var typeface = manager.MatchFamily(family);
            if (typeface is not null && typeface.GlyphCount > 0 && typeface.ContainsGlyphs(RequiredGlyphs))
            {
                return (typeface.FamilyName, true);
            }
        }

        return (SKTypeface.Default.FamilyName, false);
    }
}
