using System.Buffers;

namespace ServerlessLoad.Runner.Engine.Steps;

/// <summary>
/// Reads a response body to its end, keeping the first <see cref="StepResponse.MaxBody"/> bytes for checks and
/// captures when asked to (in a pooled buffer the caller hands back with <see cref="Return"/>) and counting all of it.
/// </summary>
internal static class BoundedBody
{
    private const int ChunkSize = 16 * 1024;

    public static async Task<(byte[] Buffer, int Kept, long Total)> ReadAsync(Stream body, bool keep, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        byte[]? drain = null;
        var kept = 0;
        long total = 0;
        try
        {
            while (true)
            {
                if (keep && kept == buffer.Length && buffer.Length < StepResponse.MaxBody)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, StepResponse.MaxBody));
                    buffer.AsSpan(0, kept).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var room = keep ? Math.Min(buffer.Length, StepResponse.MaxBody) - kept : 0;
                Memory<byte> into;
                if (room > 0)
                {
                    into = buffer.AsMemory(kept, room);
                }
                else
                {
                    // Past what checks may read (or nothing is kept): the rest is only counted.
                    drain ??= keep ? ArrayPool<byte>.Shared.Rent(ChunkSize) : buffer;
                    into = drain;
                }

                var read = await body.ReadAsync(into, ct).ConfigureAwait(false);
                if (read == 0)
                {
                    return (buffer, kept, total);
                }

                total += read;
                if (room > 0)
                {
                    kept += read;
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
        finally
        {
            if (drain is not null && !ReferenceEquals(drain, buffer))
            {
                ArrayPool<byte>.Shared.Return(drain);
            }
        }
    }

    public static void Return(byte[] buffer) => ArrayPool<byte>.Shared.Return(buffer);
}
