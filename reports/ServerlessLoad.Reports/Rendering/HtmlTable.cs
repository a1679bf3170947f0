using System.Text;

namespace ServerlessLoad.Reports;

/// <summary>Writes a table for report.html. Cells are HTML already (callers escape); numeric columns align right.</summary>
internal sealed class HtmlTable
{
    private readonly StringBuilder html;
    private readonly (string Header, bool Numeric)[] columns;

    public HtmlTable(StringBuilder html, params (string Header, bool Numeric)[] columns)
    {
        this.html = html;
        this.columns = columns;
        html.Append("<div class=\"table-wrap\"><table>\n<thead><tr>");
        foreach (var (header, numeric) in columns)
        {
            html.Append(numeric ? "<th class=\"num\">" : "<th>").Append(header).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
    }

    public void Row(params string[] cells)
    {
        if (cells.Length != columns.Length)
        {
            throw new ArgumentException($"Expected {columns.Length} cells, got {cells.Length}.", nameof(cells));
        }

        html.Append("<tr>");
        for (var i = 0; i < cells.Length; i++)
        {
            html.Append(columns[i].Numeric ? "<td class=\"num\">" : "<td>").Append(cells[i]).Append("</td>");
        }

        html.Append("</tr>\n");
    }

    public void End() => html.Append("</tbody>\n</table></div>\n");
}
