using System.Globalization;

namespace ServerlessLoad.Core.Thresholds;

/// <summary>A position in a threshold expression, the token readers over it, and the first error with where it is.</summary>
internal sealed class ExpressionCursor(string text)
{
    public string Text { get; } = text;

    public int Position { get; set; }

    public string? Error { get; private set; }

    /// <summary>1-based position of <see cref="Error"/>; 0 while there is none.</summary>
    public int ErrorPosition { get; private set; }

    public bool AtEnd => Position >= Text.Length;

    public char Peek() => AtEnd ? '\0' : Text[Position];

    public bool IsAt(string literal) => string.CompareOrdinal(Text, Position, literal, 0, literal.Length) == 0;

    /// <summary>The whole word <paramref name="word"/> starts at <paramref name="at"/> (not just a prefix of a longer word).</summary>
    public bool IsWordAt(int at, string word) =>
        string.CompareOrdinal(Text, at, word, 0, word.Length) == 0
        && (at + word.Length == Text.Length || !char.IsAsciiLetterOrDigit(Text[at + word.Length]));

    public void SkipSpaces()
    {
        while (!AtEnd && char.IsWhiteSpace(Text[Position]))
        {
            Position++;
        }
    }

    /// <summary>Letters, digits and underscores: metric names, units.</summary>
    public string ReadWord() => ReadWhile(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>Letters, digits and dots: numbers with units such as 1m30s or 1.5s.</summary>
    public string ReadToken() => ReadWhile(c => char.IsAsciiLetterOrDigit(c) || c == '.');

    public string ReadWhile(Func<char, bool> accept)
    {
        var start = Position;
        while (!AtEnd && accept(Text[Position]))
        {
            Position++;
        }

        return Text[start..Position];
    }

    /// <summary>An unsigned decimal number (digits, optionally a dot and more digits), or null with the cursor unmoved.</summary>
    public double? ReadNumber()
    {
        var start = Position;
        ReadWhile(char.IsAsciiDigit);
        if (Position == start)
        {
            return null;
        }

        if (Peek() == '.' && Position + 1 < Text.Length && char.IsAsciiDigit(Text[Position + 1]))
        {
            Position++;
            ReadWhile(char.IsAsciiDigit);
        }

        return double.Parse(Text.AsSpan(start, Position - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
    }

    /// <summary>What follows the cursor, for "found ..." messages: up to the next space, or "the end".</summary>
    public string DescribeNext()
    {
        if (AtEnd)
        {
            return "the end";
        }

        var end = Position;
        while (end < Text.Length && !char.IsWhiteSpace(Text[end]) && end - Position < 20)
        {
            end++;
        }

        return $"'{Text[Position..end]}'";
    }

    /// <summary>Records the first error with its 1-based position; returns default so callers can return it.</summary>
    public T? Fail<T>(string message, int at)
    {
        if (Error is null)
        {
            Error = $"{message} at {at + 1}";
            ErrorPosition = at + 1;
        }

        return default;
    }
}
