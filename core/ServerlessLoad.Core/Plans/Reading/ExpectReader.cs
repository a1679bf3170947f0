using System.Globalization;

namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>Reads <c>expect:</c>: status codes and "a-b" ranges, as a list or a single value.</summary>
internal static class ExpectReader
{
    private const int MinStatus = 100;
    private const int MaxStatus = 599;

    public static List<StatusRange>? Read(SourceNode node, string path, ProblemList problems)
    {
        if (node is SourceScalar)
        {
            return ReadOne(node, path, problems) is { } single ? [single] : null;
        }

        if (Values.Sequence(node, path, problems) is not { } sequence)
        {
            return null;
        }

        if (sequence.Items.Count == 0)
        {
            problems.Add(path, sequence, "must list at least one status (leave it out to accept 200-399)");
            return null;
        }

        var ranges = new List<StatusRange>(sequence.Items.Count);
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            if (ReadOne(sequence.Items[i], FieldPath.Item(path, i), problems) is { } range)
            {
                ranges.Add(range);
            }
        }

        return ranges.Count == sequence.Items.Count ? ranges : null;
    }

    private static StatusRange? ReadOne(SourceNode node, string path, ProblemList problems)
    {
        if (node is not SourceScalar { Kind: ScalarKind.Integer or ScalarKind.Text } scalar)
        {
            Values.Expected(node, path, "a status code (200) or range (\"200-299\")", problems);
            return null;
        }

        var parts = scalar.Text.Split('-');
        int? from = parts.Length is 1 or 2 ? Status(parts[0].Trim()) : null;
        int? to = parts.Length == 2 ? Status(parts[1].Trim()) : from;
        if (from is null || to is null)
        {
            problems.Add(path, node, $"expected a status code ({MinStatus}-{MaxStatus}) or a range such as \"200-299\", found '{SourceScalar.Shorten(scalar.Text)}'");
            return null;
        }

        if (from > to)
        {
            problems.Add(path, node, $"the range '{scalar.Text}' is reversed: write \"{to}-{from}\"");
            return null;
        }

        return new StatusRange(from.Value, to.Value);
    }

    private static int? Status(string text) =>
        text.Length == 3 && text.All(char.IsAsciiDigit) && int.Parse(text, CultureInfo.InvariantCulture) is var status and >= MinStatus and <= MaxStatus
            ? status
            : null;
}
