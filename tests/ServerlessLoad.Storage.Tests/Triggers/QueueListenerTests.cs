using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging.Abstractions;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Storage.Triggers;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Storage.Tests.Triggers;

/// <summary>The queue trigger's Functions semantics against Azurite's queues.</summary>
[Collection(QueueAzuriteCollection.Name)]
public sealed class QueueListenerTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly QueueClient queue = azurite.Storage.GetQueue(TestNames.Queue("work"));
    private readonly QueueClient poison = azurite.Storage.GetQueue(TestNames.Queue("work-poison"));
    private readonly ConcurrentQueue<(Delivery Delivery, string Reason)> poisoned = new();
    private QueueListener? listener;

    public async Task InitializeAsync()
    {
        await queue.CreateIfNotExistsAsync();
        await poison.DeleteIfExistsAsync();
    }

    public async Task DisposeAsync()
    {
        if (listener is not null)
        {
            await listener.StopAsync(CancellationToken.None);
            listener.Dispose();
        }
    }

    [Fact]
    public async Task A_handled_message_is_deleted_after_its_handler_completes()
    {
        var handled = new TaskCompletionSource<Delivery>();
        await queue.SendMessageAsync(MessageCodec.Encode(new RunRequestMessage("r1")));

        await StartAsync((d, _) =>
        {
            handled.TrySetResult(d);
            return Task.CompletedTask;
        });
        var delivery = await handled.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await EventuallyAsync(async () => (await queue.PeekMessagesAsync()).Value.Length == 0);

        MessageCodec.Decode<RunRequestMessage>(delivery.Text).RunId.ShouldBe("r1");
        delivery.DequeueCount.ShouldBe(1);
        poisoned.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_message_failing_every_time_is_retried_up_to_the_limit_then_moved_to_the_poison_queue_with_the_last_error()
    {
        var attempts = new ConcurrentBag<long>();
        await queue.SendMessageAsync(MessageCodec.Encode(new RunRequestMessage("r2")));

        await StartAsync((d, _) =>
        {
            attempts.Add(d.DequeueCount);
            throw new InvalidOperationException($"boom {d.DequeueCount}");
        });
        await EventuallyAsync(() => Task.FromResult(!poisoned.IsEmpty), TimeSpan.FromSeconds(30));
        var moved = (await poison.PeekMessagesAsync()).Value;

        attempts.Order().ShouldBe([1L, 2L, 3L]);
        var (delivery, reason) = poisoned.ShouldHaveSingleItem();
        reason.ShouldBe($"{queue.Name} message moved to {poison.Name}: failed 3 times; last error: boom 3");
        MessageCodec.Decode<RunRequestMessage>(moved.ShouldHaveSingleItem().Body.ToString()).RunId.ShouldBe("r2");
        delivery.Text.ShouldBe(moved[0].Body.ToString());
        (await queue.PeekMessagesAsync()).Value.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_message_that_cannot_be_decoded_goes_to_the_poison_queue_on_its_first_delivery()
    {
        var attempts = 0;
        await queue.SendMessageAsync("{not json");

        await StartAsync((d, _) =>
        {
            Interlocked.Increment(ref attempts);
            throw new UndecodableMessageException("undecodable RunRequestMessage");
        });
        await EventuallyAsync(() => Task.FromResult(!poisoned.IsEmpty));

        attempts.ShouldBe(1);
        poisoned.ShouldHaveSingleItem().Reason.ShouldEndWith("undecodable RunRequestMessage");
        (await poison.PeekMessagesAsync()).Value.ShouldHaveSingleItem().Body.ToString().ShouldBe("{not json");
    }

    [Fact]
    public async Task A_handler_outlasting_the_visibility_timeout_keeps_its_message_through_renewals()
    {
        var deliveries = 0;
        var done = new TaskCompletionSource();
        await queue.SendMessageAsync(MessageCodec.Encode(new RunRequestMessage("r3")));

        await StartAsync(
            async (_, ct) =>
            {
                Interlocked.Increment(ref deliveries);
                await Task.Delay(TimeSpan.FromSeconds(7), ct);
                done.TrySetResult();
            },
            visibility: TimeSpan.FromSeconds(3));
        await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await EventuallyAsync(async () => (await queue.PeekMessagesAsync()).Value.Length == 0);

        deliveries.ShouldBe(1, "every renewal came before the message became visible again");
    }

    [Fact]
    public async Task No_more_messages_than_the_batch_size_are_handled_at_once()
    {
        var inFlight = 0;
        var most = 0;
        var finished = 0;
        for (var i = 0; i < 6; i++)
        {
            await queue.SendMessageAsync(MessageCodec.Encode(new RunRequestMessage($"b{i}")));
        }

        await StartAsync(
            async (_, ct) =>
            {
                var now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref most, now);
                await Task.Delay(TimeSpan.FromMilliseconds(400), ct);
                Interlocked.Decrement(ref inFlight);
                Interlocked.Increment(ref finished);
            },
            batchSize: 2);
        await EventuallyAsync(() => Task.FromResult(Volatile.Read(ref finished) == 6), TimeSpan.FromSeconds(30));

        most.ShouldBe(2);
    }

    [Fact]
    public async Task A_jobs_listener_takes_one_message_handles_and_deletes_it_then_completes_leaving_the_others()
    {
        foreach (var id in new[] { "j1", "j2", "j3" })
        {
            await queue.SendMessageAsync(MessageCodec.Encode(new RunRequestMessage(id)));
        }

        var handled = new ConcurrentBag<string>();
        var job = Listener(
            (d, _) =>
            {
                handled.Add(MessageCodec.Decode<RunRequestMessage>(d.Text).RunId);
                return Task.CompletedTask;
            },
            new QueueListenerOptions { BatchSize = 1, MaxMessages = 1, IdleTimeout = TimeSpan.FromSeconds(30), MaxPollingInterval = TimeSpan.FromMilliseconds(200) });
        await job.StartAsync(CancellationToken.None);
        await job.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(15));

        handled.ShouldHaveSingleItem().ShouldBe("j1");
        (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount.ShouldBe(2);
        job.Dispose();
    }

    [Fact]
    public async Task A_jobs_listener_that_finds_no_message_completes_after_its_idle_timeout()
    {
        var calls = 0;
        var job = Listener(
            (_, _) =>
            {
                Interlocked.Increment(ref calls);
                return Task.CompletedTask;
            },
            new QueueListenerOptions { BatchSize = 1, MaxMessages = 1, IdleTimeout = TimeSpan.FromSeconds(1), MaxPollingInterval = TimeSpan.FromMilliseconds(200) });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await job.StartAsync(CancellationToken.None);
        await job.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(15));

        clock.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9));
        calls.ShouldBe(0);
        job.Dispose();
    }

    private QueueListener Listener(Func<Delivery, CancellationToken, Task> handler, QueueListenerOptions options) =>
        new(queue, poison, handler, (_, _, _) => Task.CompletedTask, options, TimeProvider.System, NullLogger.Instance);

    private async Task StartAsync(Func<Delivery, CancellationToken, Task> handler, TimeSpan? visibility = null, int batchSize = 16)
    {
        listener = new QueueListener(
            queue,
            poison,
            handler,
            (d, reason, _) =>
            {
                poisoned.Enqueue((d, reason));
                return Task.CompletedTask;
            },
            new QueueListenerOptions
            {
                BatchSize = batchSize,
                MaxDequeueCount = 3,
                RetryDelay = TimeSpan.Zero,
                VisibilityTimeout = visibility ?? TimeSpan.FromSeconds(30),
                MaxPollingInterval = TimeSpan.FromMilliseconds(200),
            },
            TimeProvider.System,
            NullLogger.Instance);
        await listener.StartAsync(CancellationToken.None);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The condition did not hold in time.");
            }

            await Task.Delay(100);
        }
    }
}
