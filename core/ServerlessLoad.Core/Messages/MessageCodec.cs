using System.Text;
using System.Text.Json;

namespace ServerlessLoad.Core.Messages;

/// <summary>
/// Queue message bodies are UTF-8 JSON, base64-encoded: the Azure Functions queue trigger's default, so the same
/// queues work unchanged behind the Functions host.
/// </summary>
public static class MessageCodec
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Encode<T>(T message) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(message, Options));

    public static T Decode<T>(string body)
    {
        byte[] json;
        try
        {
            json = Convert.FromBase64String(body);
        }
        catch (FormatException)
        {
            // Tolerate plain JSON bodies put by hand (portal, scripts).
            json = Encoding.UTF8.GetBytes(body);
        }

        return JsonSerializer.Deserialize<T>(json, Options)
            ?? throw new JsonException($"Empty {typeof(T).Name} message.");
    }
}
