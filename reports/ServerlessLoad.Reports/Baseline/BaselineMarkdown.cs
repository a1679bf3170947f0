using System.Text;

namespace ServerlessLoad.Reports;

/// <summary>The "Compared with baseline" section of report.md, GitHub-flavoured and in words rather than symbols.</summary>
public static class BaselineMarkdown
{
    public static string Render(BaselineComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var options = comparison.Options;
        var md = new StringBuilder();
        md.Append("## Compared with baseline ").Append(Inline(comparison.BaselineRunId)).Append("\n\n");
        md.Append(Inline(comparison.Summary)).Append("\n\n");
        md.Append("Regression: worse by more than ").Append(BaselineFormat.Fraction(options.Tolerance))
            .Append(" (failure rate also by at least 0.1 pp). Significant: p below ").Append(BaselineFormat.Alpha(options.Alpha))
            .Append(" in a two-sided Mann-Whitney U test of the per-second values (p95 latency for latency, requests/s for rps, failure rate for failures). ")
            .Append(options.Gate ? "A significant regression fails the run." : "Informational: the verdict does not depend on it.")
            .Append("\n\n");

        var table = new MarkdownTable(
            ("Request", false),
            ("Metric", false),
            ("Baseline", true),
            ("Current", true),
            ("Change", false),
            ("p-value", true),
            ("Flag", false));
        foreach (var row in comparison.Rows)
        {
            table.Add(
                Text(row.Name),
                row.Metric.Name(),
                BaselineFormat.Value(row.Metric, row.Baseline),
                BaselineFormat.Value(row.Metric, row.Current),
                row.Change == BaselineChange.Unchanged ? "unchanged" : $"{BaselineFormat.Change(row)} {BaselineFormat.Direction(row.Change)}",
                BaselineFormat.PValue(row.PValue),
                Flag(row));
        }

        table.WriteTo(md);
        md.Append('\n');
        Names(md, "Requests new in this run", comparison.Added);
        Names(md, "Requests only in the baseline", comparison.Removed);
        return md.ToString();
    }

    private static string Flag(BaselineRow row) =>
        row.Significant ? "significant regression" : row.Regressed ? "regression" : "";

    private static void Names(StringBuilder md, string label, IReadOnlyList<string> names)
    {
        if (names.Count == 0)
        {
            return;
        }

        md.Append(label).Append(": ").Append(string.Join(", ", names.Select(Code))).Append(".\n\n");
    }

    private static string Inline(string text) => MarkdownTable.Escape(Text(text));

    /// <summary>Backslashes doubled so a name's backslash is shown, not taken as an escape.</summary>
    private static string Text(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal);

    /// <summary>A code span on one line; a backtick would end it early.</summary>
    private static string Code(string text) =>
        "`" + text.Replace("`", "'", StringComparison.Ordinal).ReplaceLineEndings(" ") + "`";
}
