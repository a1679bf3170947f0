using System.Text.Json;
using System.Text.Json.Serialization;
using ServerlessLoad.Core.Histograms;

namespace ServerlessLoad.Core.Results;

/// <summary>JSON form of the per-request part of a <see cref="SliceSecond"/>, with histograms in their sparse encoding.</summary>
public static class SliceSecondCodec
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    };

    public static string EncodeRequests(IReadOnlyDictionary<string, RequestStats> requests)
    {
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
                kv.Value.Latency.Encode()),
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
            },
            StringComparer.Ordinal);
    }

    private sealed record Dto(
        long N,
        long F,
        long Bs,
        long Br,
        Dictionary<string, long>? S,
        Dictionary<string, long>? Fc,
        Dictionary<string, List<string>>? Fs,
        string? H);
}
