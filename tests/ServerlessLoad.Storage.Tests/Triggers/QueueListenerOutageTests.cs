using Microsoft.Extensions.Logging.Abstractions;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Storage.Triggers;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Storage.Tests.Triggers;

/// <summary>A storage outage shorter than the lease does not hand a message being handled to anyone else.</summary>
public sealed class QueueListenerOutageTests : IAsyncLifetime
{
    private readonly PersistentAzuriteFixture azurite = new();

    public Task InitializeAsync() => azurite.InitializeAsync();

    public Task DisposeAsync() => azurite.DisposeAsync();

    [Fact]
    public async Task Lease_renewals_that_fail_during_an_outage_are_retried_so_the_message_is_handled_once()
    {
        var storage = StorageClients.FromConnectionString(azurite.ConnectionString, retry => retry.MaxRetries = 0);
        var queue = storage.GetQueue(TestNames.Queue("lease"));
        var poison = storage.GetQueue(TestNames.Queue("lease-poison"));
        await queue.CreateIfNotExistsAsync();
        await poison.CreateIfNotExistsAsync();
        await queue.SendMessageAsync(MessageCodec.Encode(new RunRequestMessage("r1")));
        var deliveries = 0;
        var started = new TaskCompletionSource();
        var handled = new TaskCompletionSource();
        var listener = new QueueListener(
            queue,
            poison,
            async (_, ct) =>
            {
                Interlocked.Increment(ref deliveries);
                started.TrySetResult();
                await Task.Delay(TimeSpan.FromSeconds(25), ct);
                handled.TrySetResult();
            },
            (_, _, _) => Task.CompletedTask,
            new QueueListenerOptions { VisibilityTimeout = TimeSpan.FromSeconds(20), MaxPollingInterval = TimeSpan.FromMilliseconds(200) },
            TimeProvider.System,
            NullLogger.Instance);

        await listener.StartAsync(CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(TimeSpan.FromSeconds(1));
        await azurite.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await azurite.StartAgainAsync();
        await handled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1));
        await listener.StopAsync(CancellationToken.None);

        deliveries.ShouldBe(1, "the renewed lease kept the message from being delivered again while it was handled");
        (await queue.PeekMessagesAsync()).Value.ShouldBeEmpty("the message was deleted once handled");
    }
}
