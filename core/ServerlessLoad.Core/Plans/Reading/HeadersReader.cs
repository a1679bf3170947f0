namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>Reads a request's <c>headers:</c> map; names are case-insensitive, as in HTTP.</summary>
internal static class HeadersReader
{
    /// <summary>Headers the load generator writes itself; a plan setting them would corrupt the request framing.</summary>
    private static readonly string[] Reserved = ["Content-Length", "Transfer-Encoding", "Connection"];

    public static Dictionary<string, string>? Read(SourceNode node, string path, ProblemList problems)
    {
        if (Values.Mapping(node, path, problems) is not { } mapping)
        {
            return null;
        }

        var before = problems.Count;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, key, value) in MappingEntries.Read(mapping, path, problems, StringComparer.OrdinalIgnoreCase))
        {
            var field = FieldPath.Child(path, name);
            if (name.Length == 0 || !name.All(IsTokenChar))
            {
                problems.Add(field, key, $"'{SourceScalar.Shorten(name)}' is not a valid header name");
                continue;
            }

            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(field, key, "set the request's 'contentType' instead (or use 'json', which sets it)");
                continue;
            }

            if (Reserved.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add(field, key, $"{name} is set by the load generator");
                continue;
            }

            if (Values.Text(value, field, problems) is not { } text)
            {
                continue;
            }

            if (text.Any(c => c is '\r' or '\n' or '\0'))
            {
                problems.Add(field, value, "must not contain line breaks");
                continue;
            }

            headers[name] = text;
        }

        return problems.Count == before ? headers : null;
    }

    /// <summary>RFC 9110 token characters.</summary>
    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
