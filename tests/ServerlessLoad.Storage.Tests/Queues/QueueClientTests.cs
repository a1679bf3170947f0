using ServerlessLoad.Testing;

namespace ServerlessLoad.Storage.Tests.Queues;

[Collection(QueueAzuriteCollection.Name)]
public sealed class QueueClientTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    private async Task<QueueClient> NewQueueAsync()
    {
        var queue = azurite.Account.GetQueue(TestNames.Queue("contract"));
        await queue.CreateIfNotExistsAsync();
        return queue;
    }

    [Fact]
    public async Task A_sent_message_is_received_once_with_its_text_and_a_pop_receipt()
    {
        var queue = await NewQueueAsync();

        await queue.SendAsync("eyJoZWxsbyI6MX0=");
        var received = await queue.ReceiveAsync(32, TimeSpan.FromSeconds(30));

        var message = received.ShouldHaveSingleItem();
        message.Text.ShouldBe("eyJoZWxsbyI6MX0=");
        message.DequeueCount.ShouldBe(1);
        message.PopReceipt.ShouldNotBeNullOrEmpty();
        message.MessageId.ShouldNotBeNullOrEmpty();
        message.NextVisibleOn.ShouldBeGreaterThan(message.InsertedOn);
        (await queue.ReceiveAsync(32, TimeSpan.FromSeconds(30))).ShouldBeEmpty();
    }

    [Fact]
    public async Task Text_with_xml_special_characters_round_trips_unchanged()
    {
        var queue = await NewQueueAsync();
        const string text = "<run id=\"a&b\"> 'quoted' </run> ünïcode";

        await queue.SendAsync(text);

        (await queue.ReceiveAsync(1, OneSecond)).ShouldHaveSingleItem().Text.ShouldBe(text);
    }

    [Fact]
    public async Task Creating_a_queue_twice_is_not_an_error()
    {
        var queue = await NewQueueAsync();

        await queue.CreateIfNotExistsAsync();

        (await queue.GetApproximateLengthAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task A_visibility_delay_hides_the_message_until_it_elapses()
    {
        var queue = await NewQueueAsync();

        await queue.SendAsync("later", visibilityDelay: OneSecond);

        (await queue.ReceiveAsync(1, OneSecond)).ShouldBeEmpty();
        await Task.Delay(TimeSpan.FromMilliseconds(1600));
        (await queue.ReceiveAsync(1, OneSecond)).ShouldHaveSingleItem().Text.ShouldBe("later");
    }

    [Fact]
    public async Task An_expired_visibility_timeout_redelivers_with_a_higher_dequeue_count()
    {
        var queue = await NewQueueAsync();
        await queue.SendAsync("retry me");

        var first = (await queue.ReceiveAsync(1, OneSecond)).ShouldHaveSingleItem();
        (await queue.ReceiveAsync(1, OneSecond)).ShouldBeEmpty();
        await Task.Delay(TimeSpan.FromMilliseconds(1600));
        var second = (await queue.ReceiveAsync(1, OneSecond)).ShouldHaveSingleItem();

        second.MessageId.ShouldBe(first.MessageId);
        first.DequeueCount.ShouldBe(1);
        second.DequeueCount.ShouldBe(2);
        second.PopReceipt.ShouldNotBe(first.PopReceipt);
    }

    [Fact]
    public async Task Updating_visibility_extends_the_hiding_and_returns_a_new_pop_receipt()
    {
        var queue = await NewQueueAsync();
        await queue.SendAsync("long job");
        var received = (await queue.ReceiveAsync(1, OneSecond)).ShouldHaveSingleItem();

        var extended = await queue.UpdateVisibilityAsync(received, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromMilliseconds(1600));

        extended.PopReceipt.ShouldNotBe(received.PopReceipt);
        extended.NextVisibleOn.ShouldBeGreaterThan(received.NextVisibleOn.AddSeconds(20));
        extended.Text.ShouldBe("long job");
        (await queue.ReceiveAsync(1, OneSecond)).ShouldBeEmpty();
        await queue.DeleteAsync(extended);
        (await queue.GetApproximateLengthAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Updating_visibility_to_zero_makes_the_message_visible_at_once()
    {
        var queue = await NewQueueAsync();
        await queue.SendAsync("give back");
        var received = (await queue.ReceiveAsync(1, TimeSpan.FromSeconds(30))).ShouldHaveSingleItem();

        await queue.UpdateVisibilityAsync(received, TimeSpan.Zero);

        (await queue.ReceiveAsync(1, OneSecond)).ShouldHaveSingleItem().DequeueCount.ShouldBe(2);
    }

    [Fact]
    public async Task Deleting_removes_the_message_and_deleting_again_is_not_an_error()
    {
        var queue = await NewQueueAsync();
        await queue.SendAsync("done");
        var received = (await queue.ReceiveAsync(1, OneSecond)).ShouldHaveSingleItem();

        await queue.DeleteAsync(received);
        await queue.DeleteAsync(received);
        await Task.Delay(TimeSpan.FromMilliseconds(1600));

        (await queue.ReceiveAsync(1, OneSecond)).ShouldBeEmpty();
        (await queue.GetApproximateLengthAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Peeking_shows_messages_without_dequeuing_them()
    {
        var queue = await NewQueueAsync();
        await queue.SendAsync("one");
        await queue.SendAsync("two");

        var peeked = await queue.PeekAsync(32);
        var received = await queue.ReceiveAsync(32, OneSecond);

        peeked.Select(m => m.Text).ShouldBe(["one", "two"]);
        peeked.ShouldAllBe(m => m.DequeueCount == 0 && m.PopReceipt == "");
        received.Select(m => m.Text).ShouldBe(["one", "two"]);
        received.ShouldAllBe(m => m.DequeueCount == 1);
    }

    [Fact]
    public async Task Receive_returns_at_most_the_requested_number_of_messages()
    {
        var queue = await NewQueueAsync();
        for (var i = 0; i < 5; i++)
        {
            await queue.SendAsync($"m{i}");
        }

        (await queue.ReceiveAsync(3, TimeSpan.FromSeconds(30))).Count.ShouldBe(3);
        (await queue.ReceiveAsync(32, TimeSpan.FromSeconds(30))).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Approximate_length_counts_messages_and_clear_removes_them_all()
    {
        var queue = await NewQueueAsync();
        for (var i = 0; i < 4; i++)
        {
            await queue.SendAsync($"m{i}");
        }

        (await queue.GetApproximateLengthAsync()).ShouldBe(4);
        await queue.ClearAsync();
        (await queue.GetApproximateLengthAsync()).ShouldBe(0);
        (await queue.PeekAsync(32)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_message_past_its_time_to_live_is_gone()
    {
        var queue = await NewQueueAsync();

        await queue.SendAsync("short-lived", timeToLive: OneSecond);
        await Task.Delay(TimeSpan.FromMilliseconds(2100));

        (await queue.ReceiveAsync(1, OneSecond)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Using_a_missing_queue_fails_with_404_and_the_service_error_code()
    {
        var queue = azurite.Account.GetQueue(TestNames.Queue("missing"));

        var error = await Should.ThrowAsync<StorageException>(() => queue.SendAsync("x"));

        error.Status.ShouldBe(404);
        error.ErrorCode.ShouldBe("QueueNotFound");
        error.Message.ShouldContain("404");
        error.Message.ShouldContain("QueueNotFound");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public async Task Receive_rejects_a_batch_size_outside_1_to_32(int maxMessages)
    {
        var queue = azurite.Account.GetQueue("any-queue");

        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => queue.ReceiveAsync(maxMessages, OneSecond));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Upper")]
    [InlineData("double--hyphen")]
    [InlineData("-leading")]
    [InlineData("trailing-")]
    [InlineData("under_score")]
    public void Invalid_queue_names_are_rejected_with_the_name_in_the_message(string name)
    {
        var error = Should.Throw<ArgumentException>(() => azurite.Account.GetQueue(name));

        error.Message.ShouldContain($"'{name}'");
    }
}
