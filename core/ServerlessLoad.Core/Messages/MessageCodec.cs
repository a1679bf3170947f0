using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServerlessLoad.Core.Messages;

/// <summary>
/// Queue message bodies are UTF-8 JSON, base64-encoded: the Azure Functions queue trigger's default, so the same
/// queues work unchanged behind the Functions host.
/// </summary>
public static class MessageCodec
{
    // Absent and null read the same: a message without a trace context (or a start) is written as before.
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public static string Encode<T>(T message) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(message, Options));

    /// <summary>
    /// The body of a message that continues the trace <paramref name="traceParent"/>: a traced message that names no
    /// trace of its own gets that one; anything else is encoded as it is.
    /// </summary>
    public static string Encode<T>(T message, string? traceParent)
    {
        if (traceParent is null || message is not ITracedMessage { TraceParent: null })
        {
            return Encode(message);
        }

        var json = JsonSerializer.SerializeToNode(message, Options)!.AsObject();
        json["traceParent"] = traceParent;
        return Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(json, Options));
    }

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
