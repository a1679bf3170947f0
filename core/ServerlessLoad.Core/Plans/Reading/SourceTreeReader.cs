using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>
/// Builds a <see cref="SourceNode"/> tree from YAML (or JSON) text with YamlDotNet's event parser, keeping every
/// node's start position. Syntax errors, several documents, unknown anchors, excessive nesting and alias expansion
/// become problems; nothing here throws for any input.
/// </summary>
internal static class SourceTreeReader
{
    /// <summary>Deeper than any sensible plan; keeps later recursive walks (JSON bodies) far from the stack limit.</summary>
    public const int MaxDepth = 64;

    /// <summary>Node count after alias expansion; stops "billion laughs" documents.</summary>
    public const long MaxExpandedNodes = 100_000;

    public const string DocumentField = "$";

    /// <summary>The document's root node, or null with a problem recorded (or, for a blank document, without one).</summary>
    public static SourceNode? Read(string text, ProblemList problems)
    {
        var builder = new Builder(problems);
        var parser = new Parser(new StringReader(text));
        var lastMark = Mark.Empty;
        while (true)
        {
            ParsingEvent parsingEvent;
            try
            {
                if (!parser.MoveNext())
                {
                    return builder.Root;
                }

                parsingEvent = parser.Current!;
            }
            catch (YamlException error)
            {
                problems.Add(DocumentField, LineOf(error.Start), $"YAML syntax error: {error.Message}");
                return null;
            }
            catch (Exception)
            {
                // The scanner throws InvalidOperationException on some malformed input (an unclosed flow list):
                // still a syntax error, located after the last event that parsed.
                problems.Add(DocumentField, LineOf(lastMark), "YAML syntax error: the text after this line is not valid YAML (check brackets, quotes and indentation)");
                return null;
            }

            lastMark = parsingEvent.End;
            if (!builder.Accept(parsingEvent))
            {
                return null;
            }
        }
    }

    private static int LineOf(Mark mark) => (int)Math.Clamp(mark.Line, 1, int.MaxValue);

    private sealed class Builder(ProblemList problems)
    {
        private readonly Stack<Container> open = new();
        private readonly Dictionary<string, SourceNode> anchors = new(StringComparer.Ordinal);
        private long expanded;
        private int documents;
        private Mark current;

        public SourceNode? Root { get; private set; }

        /// <summary>Consumes one event; false stops reading (a problem has been recorded).</summary>
        public bool Accept(ParsingEvent parsingEvent)
        {
            current = parsingEvent.Start;
            switch (parsingEvent)
            {
                case DocumentStart start:
                    documents++;
                    if (documents > 1)
                    {
                        problems.Add(DocumentField, LineOf(start.Start), "expected a single YAML document, found a second one ('---')");
                        return false;
                    }

                    return true;
                case Scalar scalar:
                    var node = ScalarResolver.Resolve(scalar, LineOf(scalar.Start), ColumnOf(scalar.Start));
                    Remember(scalar.Anchor, node);
                    return Attach(node, 1);
                case AnchorAlias alias:
                    if (!anchors.TryGetValue(alias.Value.Value, out var target))
                    {
                        problems.Add(DocumentField, LineOf(alias.Start), $"unknown anchor '*{SourceScalar.Shorten(alias.Value.Value)}'");
                        return false;
                    }

                    // A scalar alias takes the alias's position so problems point where the value is used.
                    var aliased = target is SourceScalar text ? text.At(LineOf(alias.Start), ColumnOf(alias.Start)) : target;
                    return Attach(aliased, target.Weight);
                case MappingStart mapping:
                    return Open(new SourceMapping(LineOf(mapping.Start), ColumnOf(mapping.Start)), mapping.Anchor, mapping.Start);
                case SequenceStart sequence:
                    return Open(new SourceSequence(LineOf(sequence.Start), ColumnOf(sequence.Start)), sequence.Anchor, sequence.Start);
                case MappingEnd or SequenceEnd:
                    var closed = open.Pop();
                    // Registered only once complete, so a collection can never contain an alias to itself (no cycles).
                    Remember(closed.Anchor, closed.Node);
                    return Attach(closed.Node, 0);
                default:
                    return true;
            }
        }

        private bool Open(SourceNode node, AnchorName anchor, Mark start)
        {
            if (open.Count >= MaxDepth)
            {
                problems.Add(DocumentField, LineOf(start), $"nesting deeper than {MaxDepth} levels is not supported");
                return false;
            }

            open.Push(new Container(node, anchor));
            return Count(1);
        }

        /// <summary>Adds a finished node to its parent; <paramref name="addedNodes"/> counts towards the expansion limit.</summary>
        private bool Attach(SourceNode node, long addedNodes)
        {
            if (!Count(addedNodes))
            {
                return false;
            }

            if (open.Count == 0)
            {
                Root = node;
                return true;
            }

            var parent = open.Peek();
            switch (parent.Node)
            {
                case SourceSequence sequence:
                    sequence.Add(node);
                    break;
                case SourceMapping when parent.PendingKey is null:
                    parent.PendingKey = node;
                    break;
                case SourceMapping mapping:
                    mapping.Add(parent.PendingKey!, node);
                    parent.PendingKey = null;
                    break;
            }

            return true;
        }

        private bool Count(long addedNodes)
        {
            expanded += addedNodes;
            if (expanded <= MaxExpandedNodes)
            {
                return true;
            }

            problems.Add(DocumentField, LineOf(current), $"the plan expands to more than {MaxExpandedNodes} values (check aliases)");
            return false;
        }

        private void Remember(AnchorName anchor, SourceNode node)
        {
            if (!anchor.IsEmpty)
            {
                anchors[anchor.Value] = node;
            }
        }

        private static int ColumnOf(Mark mark) => (int)Math.Clamp(mark.Column, 1, int.MaxValue);
    }

    private sealed class Container(SourceNode node, AnchorName anchor)
    {
        public SourceNode Node { get; } = node;

        public AnchorName Anchor { get; } = anchor;

        public SourceNode? PendingKey { get; set; }
    }
}
