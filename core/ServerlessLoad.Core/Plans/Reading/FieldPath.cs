namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>Builds the JSON-path-like field names problems carry: <c>scenarios[0].requests[1].method</c>.</summary>
internal static class FieldPath
{
    public static string Child(string parent, string name) => (parent, name) switch
    {
        // An empty key still needs a visible field name.
        ("", "") => $"{SourceTreeReader.DocumentField}['']",
        (_, "") => $"{parent}['']",
        ("", _) => name,
        _ => $"{parent}.{name}",
    };

    public static string Item(string parent, int index) => $"{parent}[{index}]";
}
