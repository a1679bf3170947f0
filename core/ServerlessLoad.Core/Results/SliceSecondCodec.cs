using System.Text.Json;
using System.Text.Json.Serialization;
using ServerlessLoad.Core.Histograms;

namespace ServerlessLoad.Core.Results;

/// <summary>
/// JSON forms of the parts of a <see cref="SliceSecond"/>, with histograms in their sparse encoding. Fields added later
/// are optional, so rows written before them still decode (with empty histograms and no health).
/// </summary>
public static partial class SliceSecondCodec
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    };

    public static string EncodeRequests(IReadOnlyDictionary<string, RequestStats> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var dto = requests.ToDictionary(
            kv => kv.Key,
            kv => new Dto(
                kv.Value.Requests,
                kv.Value.Failures,
                kv.Value.BytesSent,
                kv.Value.BytesReceived,
                kv.Value.StatusCodes,
                kv.Value.FailureCategories.Count == 0 ? null : kv.Value.FailureCategories,
                kv.Value.FailureSamples.Count == 0 ? null : kv.Value.FailureSamples,
                kv.Value.Latency.Encode(),
                EncodeUnlessEmpty(kv.Value.ServiceTime),
                EncodeUnlessEmpty(kv.Value.TimeToFirstByte),
                EncodeUnlessEmpty(kv.Value.ConnectTime),
                kv.Value.Checks,
                kv.Value.ChecksFailed,
                kv.Value.Vitals.Count == 0 ? null : kv.Value.Vitals.Where(v => v.Value.TotalCount > 0).ToDictionary(v => v.Key, v => v.Value.Encode(), StringComparer.Ordinal),
                kv.Value.Screenshots.Count == 0 ? null : kv.Value.Screenshots),
            StringComparer.Ordinal);
        return JsonSerializer.Serialize(dto, Options);
    }

    public static Dictionary<string, RequestStats> DecodeRequests(string json)
    {
        var dto = JsonSerializer.Deserialize<Dictionary<string, Dto>>(json, Options) ?? [];
        return dto.ToDictionary(
            kv => kv.Key,
            kv => new RequestStats
            {
                Requests = kv.Value.N,
                Failures = kv.Value.F,
                BytesSent = kv.Value.Bs,
                BytesReceived = kv.Value.Br,
                StatusCodes = new(kv.Value.S ?? [], StringComparer.Ordinal),
                FailureCategories = new(kv.Value.Fc ?? [], StringComparer.Ordinal),
                FailureSamples = new(kv.Value.Fs ?? [], StringComparer.Ordinal),
                Latency = LatencyHistogram.Decode(kv.Value.H ?? string.Empty),
                ServiceTime = LatencyHistogram.Decode(kv.Value.St ?? string.Empty),
                TimeToFirstByte = LatencyHistogram.Decode(kv.Value.Tt ?? string.Empty),
                ConnectTime = LatencyHistogram.Decode(kv.Value.Ct ?? string.Empty),
                Checks = kv.Value.Ck,
                ChecksFailed = kv.Value.Cf,
                Vitals = (kv.Value.V ?? []).ToDictionary(v => v.Key, v => LatencyHistogram.Decode(v.Value), StringComparer.Ordinal),
                Screenshots = kv.Value.Ss ?? [],
            },
            StringComparer.Ordinal);
    }

    public static string EncodeHealth(GeneratorHealth health) => JsonSerializer.Serialize(health, Options);

    public static GeneratorHealth? DecodeHealth(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<GeneratorHealth>(json, Options);

    public static string EncodeDropped(IReadOnlyDictionary<string, long> dropped) => JsonSerializer.Serialize(dropped, Options);

    public static Dictionary<string, long> DecodeDropped(string? json) =>
        string.IsNullOrEmpty(json)
            ? new Dictionary<string, long>(StringComparer.Ordinal)
            : new Dictionary<string, long>(JsonSerializer.Deserialize<Dictionary<string, long>>(json, Options) ?? [], StringComparer.Ordinal);

    private static string? EncodeUnlessEmpty(LatencyHistogram histogram) => histogram.TotalCount == 0 ? null : histogram.Encode();

    /// <summary>
    /// H latency, St service time, Tt time to first byte, Ct connect time (the last three optional); Ck checks evaluated,
    /// Cf checks failed (absent when zero); V Web Vitals histograms by name and Ss screenshot names (browser steps only).
    /// </summary>
    private sealed record Dto(
        long N,
        long F,
        long Bs,
        long Br,
        Dictionary<string, long>? S,
        Dictionary<string, long>? Fc,
        Dictionary<string, List<string>>? Fs,
        string? H,
        string? St = null,
        string? Tt = null,
        string? Ct = null,
        long Ck = 0,
        long Cf = 0,
        Dictionary<string, string>? V = null,
        List<string>? Ss = null);
}
