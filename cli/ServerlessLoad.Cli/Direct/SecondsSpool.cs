using System.Text.Json;
using ServerlessLoad.Core.Results;

namespace ServerlessLoad.Cli.Direct;

/// <summary>
/// Per-second rows of a direct run on disk, one JSON line each, in the codec the pipeline stores them with: what the
/// Intervals table is to the pipeline.
/// </summary>
internal sealed class SecondsSpool(string path) : IAsyncDisposable
{
    private readonly StreamWriter writer = new(path, append: false);

    public async Task WriteAsync(IEnumerable<SliceSecond> seconds, CancellationToken ct)
    {
        foreach (var second in seconds)
        {
            var row = new Row(
                second.RunId,
                second.Slice,
                second.Attempt,
                second.Second,
                second.ActiveVus,
                SliceSecondCodec.EncodeRequests(second.Requests),
                second.DroppedArrivals.Count == 0 ? null : SliceSecondCodec.EncodeDropped(second.DroppedArrivals),
                second.Health is null ? null : SliceSecondCodec.EncodeHealth(second.Health));
            await writer.WriteLineAsync(JsonSerializer.Serialize(row).AsMemory(), ct).ConfigureAwait(false);
        }

        await writer.FlushAsync(ct).ConfigureAwait(false);
    }

    public static List<SliceSecond> Read(string path) =>
        [.. File.ReadLines(path).Select(line => JsonSerializer.Deserialize<Row>(line)!).Select(row => new SliceSecond
        {
            RunId = row.RunId,
            Slice = row.Slice,
            Attempt = row.Attempt,
            Second = row.Second,
            ActiveVus = row.ActiveVus,
            Requests = SliceSecondCodec.DecodeRequests(row.Requests),
            DroppedArrivals = SliceSecondCodec.DecodeDropped(row.Dropped),
            Health = SliceSecondCodec.DecodeHealth(row.Health),
        })];

    public ValueTask DisposeAsync() => writer.DisposeAsync();

    private sealed record Row(string RunId, int Slice, int Attempt, long Second, int ActiveVus, string Requests, string? Dropped, string? Health);
}
