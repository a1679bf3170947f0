using System.Text;

namespace ServerlessLoad.Reports;

/// <summary>A GitHub-flavoured Markdown table; cells are escaped so names cannot break the layout.</summary>
internal sealed class MarkdownTable(params (string Header, bool AlignRight)[] columns)
{
    private readonly List<string[]> rows = [];

    public void Add(params string[] cells)
    {
        if (cells.Length != columns.Length)
        {
            throw new ArgumentException($"Expected {columns.Length} cells, got {cells.Length}.", nameof(cells));
        }

        rows.Add(cells);
    }

    public void WriteTo(StringBuilder output)
    {
        output.Append('|');
        foreach (var (header, _) in columns)
        {
            output.Append(' ').Append(Escape(header)).Append(" |");
        }

        output.Append('\n').Append('|');
        foreach (var (_, alignRight) in columns)
        {
            output.Append(alignRight ? " ---: |" : " --- |");
        }

        output.Append('\n');
        foreach (var row in rows)
        {
            output.Append('|');
            foreach (var cell in row)
            {
                output.Append(' ').Append(Escape(cell)).Append(" |");
            }

            output.Append('\n');
        }
    }

    /// <summary>Pipes would end the cell and line breaks the row (GFM unescapes \| even inside code spans).</summary>
    public static string Escape(string text) =>
        text.Replace("|", "\\|", StringComparison.Ordinal)
            .Replace("\r\n", " ", StringComparison.Ordinal)
            .Replace('\n', ' ')
            .Replace('\r', ' ');
}
