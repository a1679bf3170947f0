using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.RegularExpressions;
using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Runner.Engine.Steps;

/// <summary>
/// One run of a websocket step for one VU: connect, the actions in order, close. Records one outcome per connect and
/// per expect; message bytes go with the next expect's outcome (those after the last one are added on their own).
/// </summary>
/// <remarks>
/// Invariants: a stop aborts the socket and records nothing for the action it interrupted; once the connection is
/// lost, sends and holds are skipped and the next expect records the loss, which ends the step.
/// </remarks>
internal sealed partial class WebSocketConversation
{
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(2);

    private readonly WebSocketStepRunner runner;
    private readonly WebSocketStep step;
    private readonly Func<string, string> render;
    private readonly RecorderShard shard;
    private readonly RunClock clock;
    private readonly TimeProvider time;
    private readonly CancellationToken stop;
    private ClientWebSocket? socket;
    private WebSocketInbox? inbox;
    private long sentSinceOutcome;
    private long receivedAtOutcome;
    private long lastSendAt;

    public WebSocketConversation(WebSocketStepRunner runner, Func<string, string> render, RecorderShard shard, RunClock clock, CancellationToken stop)
    {
        this.runner = runner;
        step = runner.Step;
        this.render = render;
        this.shard = shard;
        this.clock = clock;
        time = clock.Time;
        this.stop = stop;
    }

    public async Task<bool> RunAsync()
    {
        try
        {
            if (!await ConnectAsync().ConfigureAwait(false))
            {
                return true;
            }

            for (var i = 0; i < step.Actions.Count; i++)
            {
                var goOn = step.Actions[i] switch
                {
                    WebSocketSend send => await SendAsync(send, runner.ConstantMessages[i]).ConfigureAwait(false),
                    WebSocketExpect expect => await ExpectAsync(expect, runner.Patterns[i]!).ConfigureAwait(false),
                    WebSocketHold hold => await HoldAsync(hold.Duration).ConfigureAwait(false),
                    _ => await CloseAsync().ConfigureAwait(false),
                };
                if (!goOn)
                {
                    break;
                }
            }

            await CloseAsync().ConfigureAwait(false);
            RecordTrailingBytes();
            return true;
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            return false;
        }
        finally
        {
            if (socket is not null)
            {
                if (socket.State != WebSocketState.Closed)
                {
                    socket.Abort();
                }

                socket.Dispose();
            }

            if (inbox is not null)
            {
                await inbox.ReleaseAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> SendAsync(WebSocketSend send, byte[]? constant)
    {
        if (inbox!.LostCategory is not null)
        {
            return true;
        }

        byte[]? rented = null;
        var bytes = constant;
        var length = constant?.Length ?? 0;
        if (bytes is null)
        {
            var text = render(send.Text);
            rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
            length = Encoding.UTF8.GetBytes(text, rented);
            bytes = rented;
        }

        try
        {
            lastSendAt = time.GetTimestamp();
            await socket!.SendAsync(bytes.AsMemory(0, length), WebSocketMessageType.Text, endOfMessage: true, stop).ConfigureAwait(false);
            sentSinceOutcome += length;
        }
        catch (Exception exception) when (!stop.IsCancellationRequested)
        {
            // A send fails on a socket that is no longer open unless the network itself said why (reset, ...).
            var category = FailureClassifier.Categorize(exception);
            inbox.Lose(category == FailureClassifier.Error ? WebSocketOutcomes.Closed : category, exception.Message);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        return true;
    }

    /// <summary>Waits for a matching message and records the round trip; false when the connection was lost (the step ends).</summary>
    private async Task<bool> ExpectAsync(WebSocketExpect expect, Regex pattern)
    {
        var started = time.GetTimestamp();
        var from = lastSendAt != 0 ? lastSendAt : started;
        var deadline = started + TicksOf(expect.Timeout);
        shard.AddInFlight(1);
        try
        {
            while (true)
            {
                switch (await inbox!.NextAsync(deadline, stop).ConfigureAwait(false))
                {
                    case InboxEvent.Text when Matches(pattern, inbox.Text):
                        RecordRoundTrip(from, null, null);
                        return true;
                    case InboxEvent.TimedOut:
                        RecordRoundTrip(from, FailureClassifier.Timeout, WebSocketOutcomes.TimeoutSample(step.RoundTripMetric, expect.Pattern, expect.Timeout));
                        return true;
                    case InboxEvent.Lost:
                        var category = inbox.LostCategory!;
                        RecordRoundTrip(from, category, WebSocketOutcomes.LostSample(category, step.RoundTripMetric, inbox.LostDetail));
                        return false;
                }
            }
        }
        finally
        {
            shard.AddInFlight(-1);
        }
    }

    /// <summary>Reads and discards messages for <paramref name="duration"/>, or until the connection ends.</summary>
    private async Task<bool> HoldAsync(TimeSpan duration)
    {
        var deadline = time.GetTimestamp() + TicksOf(duration);
        while (await inbox!.NextAsync(deadline, stop).ConfigureAwait(false) is not (InboxEvent.TimedOut or InboxEvent.Lost))
        {
        }

        return true;
    }

    /// <summary>The closing handshake, bounded: sends a close (or answers the server's) and waits for the server's close.</summary>
    private async Task<bool> CloseAsync()
    {
        var open = socket!.State;
        if (open is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return false;
        }

        var deadline = time.GetTimestamp() + TicksOf(CloseWait);
        using var bounded = new CancellationTokenSource(CloseWait, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, bounded.Token);
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, linked.Token).ConfigureAwait(false);
            if (open == WebSocketState.Open)
            {
                while (await inbox!.NextAsync(deadline, stop).ConfigureAwait(false) is not (InboxEvent.TimedOut or InboxEvent.Lost))
                {
                }
            }
        }
        catch (Exception) when (!stop.IsCancellationRequested)
        {
            // A peer that does not finish the handshake in time is dropped; the close is not measured.
        }

        inbox!.Lose(WebSocketOutcomes.Closed, "the step closed the connection");
        return false;
    }

    private void RecordRoundTrip(long from, string? failure, string? sample)
    {
        var micros = clock.MicrosBetween(from, time.GetTimestamp());
        shard.Record(new RequestOutcome
        {
            Request = step.RoundTripMetric,
            Second = clock.CurrentSecond,
            LatencyMicros = micros,
            ServiceMicros = micros,
            Failed = failure is not null,
            FailureCategory = failure,
            FailureSample = sample,
            BytesSent = sentSinceOutcome,
            BytesReceived = inbox!.BytesReceived - receivedAtOutcome,
        });
        sentSinceOutcome = 0;
        receivedAtOutcome = inbox.BytesReceived;
    }

    private void RecordTrailingBytes()
    {
        var received = inbox!.BytesReceived - receivedAtOutcome;
        if (sentSinceOutcome > 0 || received > 0)
        {
            // A step without expects has no round-trip results to carry its messages: its connects carry them.
            shard.RecordBytes(runner.HasExpect ? step.RoundTripMetric : step.ConnectMetric, clock.CurrentSecond, sentSinceOutcome, received);
        }
    }

    private static bool Matches(Regex pattern, ReadOnlySpan<char> text)
    {
        try
        {
            return pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            // A message that takes the pattern longer than its bound to decide is taken as not matching.
            return false;
        }
    }

    private long TicksOf(TimeSpan duration) => (long)(duration.TotalSeconds * time.TimestampFrequency);
}
