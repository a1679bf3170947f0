namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>Walks a mapping's entries with text keys, reporting non-text keys and duplicates (which are skipped).</summary>
internal static class MappingEntries
{
    public static List<(string Name, SourceScalar Key, SourceNode Value)> Read(
        SourceMapping mapping, string path, ProblemList problems, StringComparer keyComparer)
    {
        var entries = new List<(string, SourceScalar, SourceNode)>(mapping.Entries.Count);
        var firstLines = new Dictionary<string, int>(keyComparer);
        foreach (var (key, value) in mapping.Entries)
        {
            if (key is not SourceScalar { Kind: not ScalarKind.Null and not ScalarKind.Invalid } name)
            {
                problems.Add(path.Length == 0 ? SourceTreeReader.DocumentField : path, key, $"keys must be text, found {key.Describe()}");
                continue;
            }

            if (firstLines.TryGetValue(name.Text, out var firstLine))
            {
                problems.Add(FieldPath.Child(path, name.Text), name, $"duplicate key '{SourceScalar.Shorten(name.Text)}' (first at line {firstLine})");
                continue;
            }

            firstLines[name.Text] = name.Line;
            entries.Add((name.Text, name, value));
        }

        return entries;
    }
}
