namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>Reads <c>target: URL</c> (one target named "default") or <c>targets: {name: URL}</c>.</summary>
internal static class TargetsReader
{
    public const string DefaultTargetName = "default";

    public static IReadOnlyDictionary<string, Uri>? Read(KnownFields root, ProblemList problems)
    {
        var single = root.Value("target");
        var named = root.Value("targets");
        if (single is not null && named is not null)
        {
            problems.Add(root.PathOf("targets"), root.Key("targets")!, "set either 'target' (one URL) or 'targets' (named URLs), not both");
            return null;
        }

        if (single is not null)
        {
            return BaseUrl(single, root.PathOf("target"), problems) is { } url
                ? new Dictionary<string, Uri>(StringComparer.Ordinal) { [DefaultTargetName] = url }
                : null;
        }

        if (named is null)
        {
            problems.Add(root.PathOf("targets"), root.Mapping, "is required: set 'target: http://host:port' or a 'targets' map of names to base URLs");
            return null;
        }

        return ReadNamed(named, root.PathOf("targets"), problems);
    }

    private static Dictionary<string, Uri>? ReadNamed(SourceNode node, string path, ProblemList problems)
    {
        if (Values.Mapping(node, path, problems) is not { } mapping)
        {
            return null;
        }

        var before = problems.Count;
        var targets = new Dictionary<string, Uri>(StringComparer.Ordinal);
        foreach (var (name, key, value) in MappingEntries.Read(mapping, path, problems, StringComparer.Ordinal))
        {
            var field = FieldPath.Child(path, name);
            if (!PlanNames.IsValidTargetName(name))
            {
                problems.Add(field, key, $"target name '{SourceScalar.Shorten(name)}' {PlanNames.TargetNameRule}");
                continue;
            }

            if (BaseUrl(value, field, problems) is { } url)
            {
                targets[name] = url;
            }
        }

        if (mapping.Entries.Count == 0)
        {
            problems.Add(path, mapping, "must name at least one target");
        }

        return problems.Count == before ? targets : null;
    }

    private static Uri? BaseUrl(SourceNode node, string path, ProblemList problems)
    {
        if (Values.Text(node, path, problems) is not { } text)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || url.Host.Length == 0)
        {
            problems.Add(path, node, $"expected an absolute http:// or https:// URL, found '{SourceScalar.Shorten(text)}'");
            return null;
        }

        if (url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            problems.Add(path, node, "a base URL has no query or fragment: put them in the request's path");
            return null;
        }

        return url;
    }
}
