using System.Text;

namespace ServerlessLoad.Reports;

/// <summary>Text made safe for XML and HTML content and attribute values.</summary>
public static class Xml
{
    /// <summary>
    /// Escapes markup characters and replaces characters XML cannot hold at all (controls, lone surrogates) with
    /// U+FFFD, so any request name or error message yields a well-formed document.
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var escaped = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '&':
                    escaped.Append("&amp;");
                    continue;
                case '<':
                    escaped.Append("&lt;");
                    continue;
                case '>':
                    escaped.Append("&gt;");
                    continue;
                case '"':
                    escaped.Append("&quot;");
                    continue;
                case '\'':
                    escaped.Append("&#39;");
                    continue;
            }

            if (!IsXmlChar(text, i, out var length))
            {
                escaped.Append('\uFFFD');
                continue;
            }

            escaped.Append(text, i, length);
            i += length - 1;
        }

        return escaped.ToString();
    }

    /// <summary>Replaces characters XML cannot hold with U+FFFD; for writers that escape markup themselves.</summary>
    public static string Sanitize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (!IsXmlChar(text, i, out var length))
            {
                clean.Append('\uFFFD');
                continue;
            }

            clean.Append(text, i, length);
            i += length - 1;
        }

        return clean.ToString();
    }

    private static bool IsXmlChar(string text, int index, out int length)
    {
        length = 1;
        var c = text[index];
        if (char.IsHighSurrogate(c))
        {
            if (index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
            {
                length = 2;
                return true;
            }

            return false;
        }

        if (char.IsLowSurrogate(c))
        {
            return false;
        }

        return c is '\t' or '\n' or '\r' || (c >= ' ' && c != '\uFFFE' && c != '\uFFFF');
    }
}
