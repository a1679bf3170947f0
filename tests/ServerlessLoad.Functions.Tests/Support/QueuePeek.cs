using ServerlessLoad.Core.Messages;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Functions.Tests.Support;

internal static class QueuePeek
{
    /// <summary>The messages of one run waiting in <paramref name="queue"/> (queues may hold other tests' runs too).</summary>
    public static async Task<IReadOnlyList<T>> ForRunAsync<T>(PipelineStore store, string queue, string runId, Func<T, string> runIdOf)
    {
        var messages = (await store.Queue(queue).PeekMessagesAsync(32)).Value;
        return messages.Select(m => MessageCodec.Decode<T>(m.Body.ToString())).Where(m => runIdOf(m) == runId).ToList();
    }
}
