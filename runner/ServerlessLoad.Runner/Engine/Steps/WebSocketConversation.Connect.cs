using System.Net;
using System.Net.WebSockets;

namespace ServerlessLoad.Runner.Engine.Steps;

/// <summary>The conversation's connect: the upgrade handshake, measured as the step's <c>.connect</c> result.</summary>
internal sealed partial class WebSocketConversation
{
    /// <summary>Records the connect's outcome; false when it failed (the step ends there).</summary>
    private async Task<bool> ConnectAsync()
    {
        var started = time.GetTimestamp();
        var connecting = new ClientWebSocket();
        socket = connecting;
        connecting.Options.CollectHttpResponseDetails = true;
        long sent = 0;
        shard.AddInFlight(1);
        try
        {
            using var timeout = new CancellationTokenSource(step.ConnectTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, timeout.Token);
            var uri = runner.SocketUri(render(step.Path));
            sent = WebSocketHandshakeSize.Request(uri);
            foreach (var (name, template) in step.Headers)
            {
                var value = render(template);
                sent += WebSocketHandshakeSize.Header(name, value);
                if (name.Equals("Sec-WebSocket-Protocol", StringComparison.OrdinalIgnoreCase))
                {
                    foreach (var protocol in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        connecting.Options.AddSubProtocol(protocol);
                    }
                }
                else
                {
                    connecting.Options.SetRequestHeader(name, value);
                }
            }

            await connecting.ConnectAsync(uri, runner.Invoker, linked.Token).ConfigureAwait(false);
            var micros = clock.MicrosBetween(started, time.GetTimestamp());
            var received = WebSocketHandshakeSize.Response(connecting.HttpResponseHeaders);
            connecting.HttpResponseHeaders = null;
            shard.Record(new RequestOutcome
            {
                Request = step.ConnectMetric,
                Second = clock.CurrentSecond,
                Status = (int)HttpStatusCode.SwitchingProtocols,
                LatencyMicros = micros,
                ServiceMicros = micros,
                ConnectMicros = micros,
                BytesSent = sent,
                BytesReceived = received,
            });
            inbox = new WebSocketInbox(connecting, time);
            return true;
        }
        catch (Exception exception) when (!stop.IsCancellationRequested)
        {
            var micros = clock.MicrosBetween(started, time.GetTimestamp());
            var status = connecting.HttpStatusCode is var code and not 0 and not HttpStatusCode.SwitchingProtocols ? (int)code : 0;
            var category = status != 0 ? FailureClassifier.Status : FailureClassifier.Categorize(exception);
            shard.Record(new RequestOutcome
            {
                Request = step.ConnectMetric,
                Second = clock.CurrentSecond,
                Status = status,
                LatencyMicros = micros,
                ServiceMicros = micros,
                Failed = true,
                FailureCategory = category,
                FailureSample = status != 0 ? $"HTTP {status} {runner.Description}" : FailureClassifier.Sample(category, runner.Description, exception),
                BytesSent = sent,
            });
            return false;
        }
        finally
        {
            shard.AddInFlight(-1);
        }
    }
}
