using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ServerlessLoad.Runner.Engine.Steps;

/// <summary>
/// What checks and captures read of one response: status, headers, the first <see cref="MaxBody"/> bytes of the body
/// (as text and, on first use, as JSON) and the latency. A request that got no response has status 0, no headers and
/// an empty body, so every check on it fails.
/// </summary>
internal sealed class StepResponse : IDisposable
{
    /// <summary>Checks and captures see at most this much of a body; the rest is read, counted and dropped.</summary>
    public const int MaxBody = 1024 * 1024;

    private readonly HttpResponseMessage? message;
    private readonly byte[] body;
    private readonly int length;
    private string? text;
    private JsonDocument? json;
    private bool jsonTried;

    public StepResponse(int status, HttpResponseMessage? message, byte[] body, int length, long latencyMicros)
    {
        Status = status;
        this.message = message;
        this.body = body;
        this.length = length;
        LatencyMicros = latencyMicros;
    }

    public int Status { get; }

    public long LatencyMicros { get; }

    public string BodyText => text ??= Encoding.UTF8.GetString(body, 0, length);

    /// <summary>All values of a response (or content) header joined with ", "; null when absent.</summary>
    public string? Header(string name)
    {
        if (message is null)
        {
            return null;
        }

        if (TryJoin(message.Headers, name, out var value) || TryJoin(message.Content.Headers, name, out value))
        {
            return value;
        }

        return null;
    }

    /// <summary>The body parsed as JSON; null when it is not JSON (or was cut at <see cref="MaxBody"/>).</summary>
    public JsonElement? Json()
    {
        if (!jsonTried)
        {
            jsonTried = true;
            try
            {
                json = JsonDocument.Parse(body.AsMemory(0, length));
            }
            catch (JsonException)
            {
                json = null;
            }
        }

        return json?.RootElement;
    }

    public void Dispose() => json?.Dispose();

    private static bool TryJoin(HttpHeaders headers, string name, out string? value)
    {
        value = null;
        if (!headers.NonValidated.TryGetValues(name, out var values))
        {
            return false;
        }

        value = values.Count == 1 ? values.ToString() : string.Join(", ", values);
        return true;
    }
}
