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

    public static T Decode<T>(string body) => (T)Decode(typeof(T), body);

    /// <summary>The message of type <paramref name="type"/> in <paramref name="body"/> (base64 JSON, or plain JSON).</summary>
    /// <exception cref="JsonException">The body is not JSON of that type, or is empty.</exception>
    public static object Decode(Type type, string body)
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

        return JsonSerializer.Deserialize(json, type, Options)
            ?? throw new JsonException($"Empty {type.Name} message.");
    }
}
