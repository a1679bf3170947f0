using System.Text.RegularExpressions;

namespace ServerlessLoad.Reports.Charts;

/// <summary>
/// Skia names the clip paths of an SVG from a counter that runs for the whole process, so the same chart would come out
/// with other ids each time, and two charts inlined in one page could share an id. Renaming them in order of
/// appearance under a prefix of the chart's own makes the document depend on the chart alone and unique in a page.
/// </summary>
internal static partial class SvgIds
{
    public static string Renumber(string svg, string prefix)
    {
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match match in Definition().Matches(svg))
        {
            renamed.TryAdd(match.Groups[1].Value, $"{prefix}-clip{renamed.Count + 1}");
        }

        return renamed.Count == 0
            ? svg
            : Reference().Replace(svg, m => renamed.TryGetValue(m.Groups[2].Value, out var id) ? m.Groups[1].Value + id + m.Groups[3].Value : m.Value);
    }

    [GeneratedRegex("<clipPath id=\"([^\"]+)\"")]
    private static partial Regex Definition();

    [GeneratedRegex("(id=\"|url\\(#)([^\")]+)(\"|\\))")]
    private static partial Regex Reference();
}
