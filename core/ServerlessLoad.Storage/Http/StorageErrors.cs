using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Azure;

namespace ServerlessLoad.Storage;

/// <summary>Turns an error response (XML for blobs and queues, OData JSON for tables) into a StorageException.</summary>
internal static class StorageErrors
{
    public static StorageException FromResponse(Response response, string requestDescription)
    {
        var (code, serviceMessage) = ParseBody(response.Content);
        if (code is null && response.Headers.TryGetValue("x-ms-error-code", out var headerCode))
        {
            code = headerCode;
        }

        var message = $"Storage request {requestDescription} failed with {response.Status} {code ?? response.ReasonPhrase}"
            + (string.IsNullOrWhiteSpace(serviceMessage) ? "." : $": {FirstLine(serviceMessage)}");
        return new StorageException(response.Status, code, message);
    }

    /// <summary>Reads an error body in either format; unknown or empty bodies give (null, null).</summary>
    internal static (string? Code, string? Message) ParseBody(BinaryData? body)
    {
        if (body is null)
        {
            return (null, null);
        }

        var text = body.ToString().TrimStart('\uFEFF', ' ', '\r', '\n', '\t');
        if (text.StartsWith('{'))
        {
            return ParseJson(text);
        }

        if (text.StartsWith('<'))
        {
            return ParseXml(text);
        }

        return (null, null);
    }

    private static (string?, string?) ParseJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (!document.RootElement.TryGetProperty("odata.error", out var error))
            {
                return (null, null);
            }

            var code = error.TryGetProperty("code", out var codeElement) ? codeElement.GetString() : null;
            string? message = null;
            if (error.TryGetProperty("message", out var messageElement))
            {
                message = messageElement.ValueKind == JsonValueKind.Object && messageElement.TryGetProperty("value", out var value)
                    ? value.GetString()
                    : messageElement.ValueKind == JsonValueKind.String ? messageElement.GetString() : null;
            }

            return (code, message);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static (string?, string?) ParseXml(string text)
    {
        try
        {
            var root = XDocument.Parse(text).Root;
            return (root?.Element("Code")?.Value, root?.Element("Message")?.Value);
        }
        catch (XmlException)
        {
            return (null, null);
        }
    }

    private static string FirstLine(string text)
    {
        var newline = text.IndexOfAny(['\r', '\n']);
        return newline < 0 ? text : text[..newline];
    }
}
