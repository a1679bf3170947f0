using Microsoft.Extensions.Logging.Abstractions;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Storage.Pipeline;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Storage.Tests.Pipeline;

/// <summary>A storage outage shorter than the lease does not hand a message being handled to anyone else.</summary>
public sealed class QueueListenerOutageTests : IAsyncLifetime
{
    private readonly PersistentAzuriteFixture azurite = new();

    public Task InitializeAsync() => azurite.InitializeAsync();

    public Task DisposeAsync() => azurite.DisposeAsync();

    [Fact]
    public async Task Lease_renewals_that_fail_during_an_outage_are_retried_so_the_message_is_handled_once()
    {
        var options = new StorageClientOptions();
        options.Retry.MaxRetries = 0;
        var account = StorageAccount.Parse(azurite.ConnectionString, options);
        var queue = account.GetQueue(TestNames.Queue("lease"));
        var poison = account.GetQueue(TestNames.Queue("lease-poison"));
        await queue.CreateIfNotExistsAsync();
        await poison.CreateIfNotExistsAsync();
        await queue.SendAsync(MessageCodec.Encode(new RunRequestMessage("r1")));
        var deliveries = 0;
        var started = new TaskCompletionSource();
        var handled = new TaskCompletionSource();
        var listener = new QueueListener<RunRequestMessage>(
            queue,
            poison,
            async (_, _, ct) =>
            {
                Interlocked.Increment(ref deliveries);
                started.TrySetResult();
                await Task.Delay(TimeSpan.FromSeconds(20), ct);
                handled.TrySetResult();
            },
            (_, _, _) => Task.CompletedTask,
            new QueueListenerOptions { VisibilityTimeout = TimeSpan.FromSeconds(15), MaxPollingInterval = TimeSpan.FromMilliseconds(200) },
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
        (await queue.GetApproximateLengthAsync()).ShouldBe(0, "the message was deleted once handled");
    }
}
