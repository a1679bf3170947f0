using System.Text;

namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>
/// Splits CSV text (RFC 4180: comma separated, double-quoted fields with "" for a quote, LF or CRLF line ends) into
/// records with the line each starts on. Blank lines are skipped.
/// </summary>
internal static class CsvText
{
    public readonly record struct Record(int Line, IReadOnlyList<string> Fields);

    /// <summary>The records, or null with the reason (an unclosed quote, text after a closing quote).</summary>
    public static List<Record>? Read(string text, out string? error)
    {
        error = null;
        var records = new List<Record>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var lineHasContent = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"' && field.Length == 0)
            {
                var quoteLine = line;
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        error = $"line {quoteLine}: a quoted value is never closed";
                        return null;
                    }

                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    if (text[i] == '\n')
                    {
                        line++;
                    }

                    field.Append(text[i]);
                    i++;
                }

                lineHasContent = true;
                if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                {
                    error = $"line {line}: unexpected text after a closing quote";
                    return null;
                }

                continue;
            }

            switch (c)
            {
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    lineHasContent = true;
                    i++;
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    i++;
                    break;
                case '\n':
                    EndRecord();
                    line++;
                    recordLine = line;
                    i++;
                    break;
                default:
                    field.Append(c);
                    lineHasContent = true;
                    i++;
                    break;
            }
        }

        EndRecord();
        return records;

        void EndRecord()
        {
            if (lineHasContent)
            {
                fields.Add(field.ToString());
                records.Add(new Record(recordLine, [.. fields]));
            }

            fields.Clear();
            field.Clear();
            lineHasContent = false;
        }
    }
}
