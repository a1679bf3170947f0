using Azure.Storage.Queues;

namespace ServerlessLoad.Runner.Slices;

/// <summary>
/// How many more slice messages a runner takes now: one at a time while it holds none, and more (up to
/// MaxSlicesPerRunner) only when no idle runner took the waiting slices first. Idle runners poll every fraction of a
/// second, so a slice message this runner has seen waiting at the head of the queue for <see cref="PackAfter"/> means
/// every runner is busy: then packing several slices per runner beats leaving the slice to start late. With as many
/// runners as slices, every slice runs on a runner of its own, and a killed runner costs at most its one slice.
/// </summary>
/// <remarks>
/// The wait is measured from when this runner first saw the message, not from when it was sent: a message that comes
/// back after its lease expired (its runner died) was sent long ago but has only just become visible to idle runners.
/// </remarks>
public sealed class SliceAdmission(QueueClient slices, int maxSlicesPerRunner, TimeProvider time)
{
    /// <summary>Long enough for idle runners (polling at most every 250 ms) to take a waiting message; shorter than the lead time.</summary>
    public static readonly TimeSpan PackAfter = TimeSpan.FromMilliseconds(600);

    private readonly Lock gate = new();
    private string? waitingId;
    private DateTimeOffset waitingSince;

    public async ValueTask<int> AdmitAsync(int held, CancellationToken ct)
    {
        if (held <= 0)
        {
            return 1;
        }

        if (held >= maxSlicesPerRunner || Engine.Browser.BrowserSlices.Active > 0)
        {
            // A runner with browser VUs keeps its cores for them: their cap is per runner, and one slice fills it.
            return 0;
        }

        var waiting = (await slices.PeekMessagesAsync(1, ct).ConfigureAwait(false)).Value;
        var now = time.GetUtcNow();
        lock (gate)
        {
            if (waiting.Length == 0)
            {
                waitingId = null;
                return 0;
            }

            if (waiting[0].MessageId != waitingId)
            {
                (waitingId, waitingSince) = (waiting[0].MessageId, now);
                return 0;
            }

            return now - waitingSince >= PackAfter ? maxSlicesPerRunner - held : 0;
        }
    }
}
