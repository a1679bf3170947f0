using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ServerlessLoad.Core.Plans;

/// <summary>
/// Decides what in a plan is a literal credential, and masks it in the texts it can sit in: header values, query
/// parameters, form fields and JSON fields, by the name they go under. A value made only of placeholders (a secret
/// reference, a captured token, a data column), give or take an auth scheme word and separators, is not a credential:
/// it holds no secret itself.
/// </summary>
public static partial class CredentialText
{
    public const string Mask = "***";

    private static readonly string[] Exact = ["authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"];

    private static readonly string[] Parts = ["auth", "token", "key", "secret", "password", "passwd", "session", "credential", "cookie"];

    /// <summary>Credential-like names: Authorization, Cookie, X-Api-Key, and any name containing auth, token, key, secret, password or session.</summary>
    public static bool IsCredentialName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Exact.Contains(name, StringComparer.OrdinalIgnoreCase) || Parts.Any(part => name.Contains(part, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// True when <paramref name="value"/> holds no secret of its own: placeholders only, besides auth scheme words
    /// ("Bearer {{secrets.TOKEN}}"), <c>name=</c> prefixes and separators. Empty values hold nothing either.
    /// </summary>
    public static bool IsReferenceOnly(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0 || value == Mask)
        {
            return true;
        }

        if (!Template.TryParse(value, out var template, out _) || template.IsConstant)
        {
            return false;
        }

        var literal = string.Concat(template.Parts.Where(p => p.Kind == TemplatePartKind.Literal).Select(p => p.Name));
        return Harmless().Replace(literal, string.Empty).Length == 0;
    }

    /// <summary>The value to keep under a credential-like name: itself when it holds no secret, else the mask.</summary>
    public static string Redact(string value) => IsReferenceOnly(value) ? value : Mask;

    /// <summary>
    /// A query string or form body (<c>a=1&amp;api_key=x</c>) with credential-named values masked; null when nothing
    /// changed.
    /// </summary>
    public static string? RedactPairs(string pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var changed = false;
        var parts = pairs.Split('&');
        for (var i = 0; i < parts.Length; i++)
        {
            var equals = parts[i].IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var name = Uri.UnescapeDataString(parts[i][..equals]);
            var value = parts[i][(equals + 1)..];
            if (IsCredentialName(name) && !IsReferenceOnly(Uri.UnescapeDataString(value)) && !IsReferenceOnly(value))
            {
                parts[i] = parts[i][..(equals + 1)] + Mask;
                changed = true;
            }
        }

        return changed ? string.Join('&', parts) : null;
    }

    /// <summary>A path with its query's credential-named values masked; null when nothing changed.</summary>
    public static string? RedactPathQuery(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var question = path.IndexOf('?', StringComparison.Ordinal);
        if (question < 0)
        {
            return null;
        }

        var fragment = path.IndexOf('#', question);
        var query = fragment < 0 ? path[(question + 1)..] : path[(question + 1)..fragment];
        return RedactPairs(query) is { } redacted ? path[..(question + 1)] + redacted + (fragment < 0 ? string.Empty : path[fragment..]) : null;
    }

    /// <summary>JSON text with the values of credential-named fields (at any depth) masked; null when nothing changed or it is not JSON.</summary>
    public static string? RedactJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            if (!HasCredential(document.RootElement))
            {
                return null;
            }

            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                Write(writer, document.RootElement);
            }

            return Encoding.UTF8.GetString(buffer.ToArray());
        }
    }

    private static bool HasCredential(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Any(p => IsMasked(p) || HasCredential(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Any(HasCredential),
        _ => false,
    };

    private static bool IsMasked(JsonProperty property) =>
        IsCredentialName(property.Name) && property.Value.ValueKind switch
        {
            JsonValueKind.String => !IsReferenceOnly(property.Value.GetString()!),
            JsonValueKind.Number => true,
            _ => false,
        };

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    if (IsMasked(property))
                    {
                        writer.WriteStringValue(Mask);
                    }
                    else
                    {
                        Write(writer, property.Value);
                    }
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    // Auth scheme words, "name=" or "name:" prefixes, and separators: what may surround placeholders in a value that holds no secret.
    [GeneratedRegex(@"\b(?:Bearer|Basic|Token|Digest|Negotiate|ApiKey|SharedKey|SSWS)\b|[A-Za-z0-9_.\-]+\s*[=:]|[\s;,:=]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Harmless();
}
