namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>A node of the plan text with where it starts, so every problem can name its line.</summary>
internal abstract class SourceNode(int line, int column)
{
    public int Line { get; } = line;

    public int Column { get; } = column;

    /// <summary>How many nodes this one stands for once aliases are expanded (guards against alias bombs).</summary>
    public abstract long Weight { get; }

    /// <summary>Short description for "expected X, found Y" messages.</summary>
    public abstract string Describe();
}

internal enum ScalarKind
{
    Null,
    Boolean,
    Integer,
    Float,
    Text,

    /// <summary>A tag the plan format does not support, or a value that does not match its explicit tag.</summary>
    Invalid,
}

internal sealed class SourceScalar(int line, int column, string text, ScalarKind kind, string? invalidReason = null)
    : SourceNode(line, column)
{
    public string Text { get; } = text;

    public ScalarKind Kind { get; } = kind;

    public string? InvalidReason { get; } = invalidReason;

    public override long Weight => 1;

    public SourceScalar At(int line, int column) => new(line, column, Text, Kind, InvalidReason);

    public override string Describe() => Kind switch
    {
        ScalarKind.Null => "nothing (null)",
        ScalarKind.Boolean => $"the boolean {Text}",
        ScalarKind.Integer or ScalarKind.Float => $"the number {Shorten(Text)}",
        _ => $"the text '{Shorten(Text)}'",
    };

    internal static string Shorten(string text) => Security.InputText.Clean(text);
}

internal sealed class SourceSequence(int line, int column) : SourceNode(line, column)
{
    private long weight = 1;

    public List<SourceNode> Items { get; } = [];

    public override long Weight => weight;

    public void Add(SourceNode item)
    {
        Items.Add(item);
        weight += item.Weight;
    }

    public override string Describe() => "a list";
}

internal sealed class SourceMapping(int line, int column) : SourceNode(line, column)
{
    private long weight = 1;

    /// <summary>Entries in document order, duplicates included: readers report them with their field path.</summary>
    public List<KeyValuePair<SourceNode, SourceNode>> Entries { get; } = [];

    public override long Weight => weight;

    public void Add(SourceNode key, SourceNode value)
    {
        Entries.Add(new(key, value));
        weight += key.Weight + value.Weight;
    }

    public override string Describe() => "a mapping";
}
