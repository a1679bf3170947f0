namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>
/// A mapping whose keys must come from a fixed set: reports keys that are not text, duplicates and unknown fields
/// (with a "did you mean" hint), then hands out the values by name.
/// </summary>
internal sealed class KnownFields
{
    private readonly Dictionary<string, KeyValuePair<SourceNode, SourceNode>> fields = new(StringComparer.Ordinal);

    private KnownFields(SourceMapping mapping, string path)
    {
        Mapping = mapping;
        Path = path;
    }

    public SourceMapping Mapping { get; }

    public string Path { get; }

    public static KnownFields Read(SourceMapping mapping, string path, IReadOnlyList<string> known, ProblemList problems)
    {
        var result = new KnownFields(mapping, path);
        foreach (var (name, key, value) in MappingEntries.Read(mapping, path, problems, StringComparer.Ordinal))
        {
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                problems.Add(FieldPath.Child(path, name), key, $"unknown field '{SourceScalar.Shorten(name)}'{ClosestName.Hint(name, known)}");
                continue;
            }

            result.fields[name] = new(key, value);
        }

        return result;
    }

    public bool Has(string name) => fields.ContainsKey(name);

    public SourceNode? Value(string name) => fields.TryGetValue(name, out var entry) ? entry.Value : null;

    public SourceNode? Key(string name) => fields.TryGetValue(name, out var entry) ? entry.Key : null;

    public string PathOf(string name) => FieldPath.Child(Path, name);

    /// <summary>The value, or a "required" problem at the mapping's line when it is missing.</summary>
    public SourceNode? Required(string name, ProblemList problems)
    {
        var value = Value(name);
        if (value is null)
        {
            problems.Add(PathOf(name), Mapping, "is required");
        }

        return value;
    }
}
