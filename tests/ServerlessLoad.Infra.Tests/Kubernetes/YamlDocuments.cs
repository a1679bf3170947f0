using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ServerlessLoad.Infra.Tests.Kubernetes;

/// <summary>One document of a multi-document manifest: its text (for the Kubernetes models) and its JSON (for schemas).</summary>
internal sealed record YamlDocument(string File, string Kind, string ApiVersion, string Text, JsonNode Json);

/// <summary>
/// Splits manifests into documents and turns each into JSON the way Kubernetes reads YAML (the YAML 1.2 core schema):
/// plain scalars that look like integers, booleans or null are those, quoted scalars stay strings.
/// </summary>
internal static class YamlDocuments
{
    public static IReadOnlyList<YamlDocument> Read(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(File.ReadAllText(path)))
        {
            stream.Load(reader);
        }

        return stream.Documents
            .Where(d => d.RootNode is YamlMappingNode)
            .Select(d =>
            {
                var json = ToJson(d.RootNode)!;
                using var writer = new StringWriter(CultureInfo.InvariantCulture);
                new YamlStream(d).Save(writer, assignAnchors: false);
                return new YamlDocument(
                    Path.GetFileName(path),
                    json["kind"]?.GetValue<string>() ?? string.Empty,
                    json["apiVersion"]?.GetValue<string>() ?? string.Empty,
                    writer.ToString(),
                    json);
            })
            .ToList();
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new InvalidOperationException($"Unexpected YAML node {node.NodeType}."),
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "" or "null" or "~" => null,
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
            _ => JsonValue.Create(text),
        };
    }
}
