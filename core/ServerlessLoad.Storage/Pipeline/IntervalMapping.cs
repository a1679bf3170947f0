using System.Text;
using Azure.Data.Tables;
using ServerlessLoad.Core.Results;

namespace ServerlessLoad.Storage.Pipeline;

/// <summary>
/// One Intervals row per (run, slice, second): partition "{runId}-{slice}", row key the second. The per-request JSON is
/// split across Data0..DataN properties because a string property holds at most 32K characters.
/// </summary>
internal static class IntervalMapping
{
    private const int ChunkChars = 30_000;
    private const int MaxChunks = 30; // under the 1 MiB entity limit with room for the other properties

    /// <summary>Data0..Data29: every property a row's per-request JSON can be split across.</summary>
    public static IReadOnlyList<string> DataColumns { get; } = Enumerable.Range(0, MaxChunks).Select(i => $"Data{i}").ToArray();

    public static TableEntity ToEntity(SliceSecond second)
    {
        var json = SliceSecondCodec.EncodeRequests(second.Requests);
        var chunks = (json.Length + ChunkChars - 1) / ChunkChars;
        if (chunks > MaxChunks)
        {
            throw new InvalidOperationException(
                $"Second {second.Second} of slice {second.Slice} holds {json.Length} characters of results, more than one row can store; use fewer request names.");
        }

        var e = new TableEntity(EntityMapping.IntervalPartition(second.RunId, second.Slice), EntityMapping.SecondRowKey(second.Second))
        {
            ["RunId"] = second.RunId,
            ["Slice"] = second.Slice,
            ["Attempt"] = second.Attempt,
            ["Second"] = second.Second,
            ["ActiveVus"] = second.ActiveVus,
            ["Requests"] = second.TotalRequests,
            ["Chunks"] = Math.Max(chunks, 1),
        };
        if (second.Health is { } health)
        {
            e["Health"] = SliceSecondCodec.EncodeHealth(health);
        }

        if (second.DroppedArrivals.Count > 0)
        {
            e["Dropped"] = SliceSecondCodec.EncodeDropped(second.DroppedArrivals);
        }

        for (var i = 0; i < Math.Max(chunks, 1); i++)
        {
            e[$"Data{i}"] = json.Substring(i * ChunkChars, Math.Min(ChunkChars, json.Length - (i * ChunkChars)));
        }

        return e;
    }

    public static SliceSecond ToSecond(TableEntity e)
    {
        var json = RequestsJson(e);
        return new SliceSecond
        {
            RunId = e.Text("RunId") ?? string.Empty,
            Slice = e.Int("Slice") ?? 0,
            Attempt = e.Int("Attempt") ?? 0,
            Second = e.Long("Second") ?? 0,
            ActiveVus = e.Int("ActiveVus") ?? 0,
            Requests = json.Length == 0 ? new Dictionary<string, RequestStats>() : SliceSecondCodec.DecodeRequests(json),
            DroppedArrivals = SliceSecondCodec.DecodeDropped(e.Text("Dropped")),
            Health = SliceSecondCodec.DecodeHealth(e.Text("Health")),
        };
    }

    /// <summary>A row as the report's merge reads it: the per-request JSON left encoded (UTF-8), drops and health as stored.</summary>
    public static EncodedSliceSecond ToEncoded(TableEntity e) => new()
    {
        Slice = e.Int("Slice") ?? 0,
        Attempt = e.Int("Attempt") ?? 0,
        Second = e.Long("Second") ?? 0,
        ActiveVus = e.Int("ActiveVus") ?? 0,
        RequestsJson = Encoding.UTF8.GetBytes(RequestsJson(e)),
        DroppedJson = e.Text("Dropped"),
        HealthJson = e.Text("Health"),
    };

    private static string RequestsJson(TableEntity e)
    {
        var chunks = e.Int("Chunks") ?? 1;
        return chunks == 1
            ? e.Text("Data0") ?? string.Empty
            : string.Concat(Enumerable.Range(0, chunks).Select(i => e.Text($"Data{i}") ?? string.Empty));
    }
}
