using Azure.Storage.Queues;

namespace ServerlessLoad.Runner.Slices;

/// <summary>
/// How many more slice messages a runner takes now: one at a time while it holds none, and more (up to
/// MaxSlicesPerRunner) only when no idle runner took the waiting slices first. Idle runners poll every fraction of a second, so a slice message still
/// visible <see cref="PackAfter"/> after it was sent means every runner is busy: then packing several slices per runner
/// beats leaving the slice to start late. With as many runners as slices, every slice runs on a runner of its own, and
/// a killed runner costs at most its one slice.
/// </summary>
public sealed class SliceAdmission(QueueClient slices, int maxSlicesPerRunner, TimeProvider time)
{
    /// <summary>Long enough for idle runners (polling at most every 250 ms) to take a new message; shorter than the lead time.</summary>
    public static readonly TimeSpan PackAfter = TimeSpan.FromMilliseconds(600);

    public async ValueTask<int> AdmitAsync(int held, CancellationToken ct)
    {
        if (held <= 0)
        {
            return 1;
        }

        if (held >= maxSlicesPerRunner)
        {
            return 0;
        }

        var waiting = (await slices.PeekMessagesAsync(1, ct).ConfigureAwait(false)).Value;
        return waiting.Length > 0 && waiting[0].InsertedOn is { } sent && time.GetUtcNow() - sent >= PackAfter ? maxSlicesPerRunner - held : 0;
    }
}
