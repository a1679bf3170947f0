using ServerlessLoad.Core.Runs;
using ServerlessLoad.Storage;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Runner.Slices;

/// <summary>How a conditional write of the slice row ended.</summary>
public enum RowWrite
{
    Stored,

    /// <summary>Storage did not answer; nothing is known to have changed. Try again later.</summary>
    Unavailable,

    /// <summary>A newer attempt claimed the slice (see <see cref="SliceRow.Newer"/>): this attempt must stop.</summary>
    Superseded,

    /// <summary>Someone else ended the slice (the watchdog marked it lost, a cancel): this attempt must stop.</summary>
    Ended,
}

/// <summary>
/// The slice row as one attempt last stored it. Every change is a conditional update on the row's ETag; a conflict
/// re-reads the row and applies the change again while the row is still this attempt's and not terminal, so a lost
/// slice can never be flipped back by a runner that comes back.
/// </summary>
public sealed class SliceRow(PipelineStore store, SliceRecord claimed)
{
    private const int ConflictRetries = 5;

    public SliceRecord Current { get; private set; } = claimed;

    public int Attempt { get; } = claimed.Attempt;

    /// <summary>The row that ended this attempt (a newer attempt or a terminal status), when one did.</summary>
    public SliceRecord? Newer { get; private set; }

    /// <summary><paramref name="change"/> must be idempotent: it may be applied to several versions of the row.</summary>
    public async Task<RowWrite> TryWriteAsync(Action<SliceRecord> change, CancellationToken ct)
    {
        try
        {
            for (var i = 0; i < ConflictRetries; i++)
            {
                change(Current);
                if (await store.TryUpdateSliceAsync(Current, ct).ConfigureAwait(false))
                {
                    return RowWrite.Stored;
                }

                var latest = await store.GetSliceAsync(Current.RunId, Current.Index, ct).ConfigureAwait(false);
                if (latest is null || latest.Attempt != Attempt)
                {
                    Newer = latest;
                    return RowWrite.Superseded;
                }

                if (SliceStatus.IsTerminal(latest.Status))
                {
                    Newer = latest;
                    return RowWrite.Ended;
                }

                Current = latest;
            }

            return RowWrite.Unavailable;
        }
        catch (Exception e) when (StorageFailure.IsUnavailable(e, ct))
        {
            return RowWrite.Unavailable;
        }
    }
}
