using System.Collections.Concurrent;
using System.Net;
using System.Text;
using ServerlessLoad.Testing;

namespace ServerlessLoad.EndToEnd.Tests.Telemetry;

/// <summary>A span as an OTLP exporter sent it: ids in hex, its name, and the service.name of the process that sent it.</summary>
public sealed record ReceivedSpan(string TraceId, string SpanId, string ParentSpanId, string Name, string Service);

/// <summary>
/// A stand-in OpenTelemetry collector on loopback: accepts OTLP/HTTP protobuf posts (traces and metrics), answers 200,
/// and decodes the spans with a minimal protobuf reader (ExportTraceServiceRequest → ResourceSpans → ScopeSpans → Span).
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task loop;

    public OtlpReceiver()
    {
        Port = TestPorts.GetFree();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        loop = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public ConcurrentQueue<ReceivedSpan> Spans { get; } = new();

    public int MetricPosts => metricPosts;

    private int metricPosts;

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        try
        {
            await loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
        }
    }

    private async Task AcceptAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            if (context.Request.Url!.AbsolutePath.EndsWith("/v1/traces", StringComparison.Ordinal))
            {
                foreach (var span in ReadTraces(body.ToArray()))
                {
                    Spans.Enqueue(span);
                }
            }
            else
            {
                Interlocked.Increment(ref metricPosts);
            }

            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    private static IEnumerable<ReceivedSpan> ReadTraces(byte[] request)
    {
        foreach (var resourceSpans in Fields(request).Where(f => f.Number == 1))
        {
            var service = Fields(resourceSpans.Bytes).Where(f => f.Number == 1)
                .SelectMany(resource => Fields(resource.Bytes).Where(f => f.Number == 1))
                .Select(keyValue => Fields(keyValue.Bytes).ToList())
                .Where(kv => kv.Any(f => f.Number == 1 && Encoding.UTF8.GetString(f.Bytes) == "service.name"))
                .Select(kv => Encoding.UTF8.GetString(Fields(kv.Single(f => f.Number == 2).Bytes).Single(f => f.Number == 1).Bytes))
                .FirstOrDefault() ?? string.Empty;
            foreach (var scopeSpans in Fields(resourceSpans.Bytes).Where(f => f.Number == 2))
            {
                foreach (var span in Fields(scopeSpans.Bytes).Where(f => f.Number == 2))
                {
                    var fields = Fields(span.Bytes).ToList();
                    string Hex(int number) => Convert.ToHexStringLower(fields.FirstOrDefault(f => f.Number == number).Bytes ?? []);
                    yield return new ReceivedSpan(Hex(1), Hex(2), Hex(4), Encoding.UTF8.GetString(fields.First(f => f.Number == 5).Bytes), service);
                }
            }
        }
    }

    /// <summary>The top-level fields of a protobuf message; length-delimited ones with their bytes.</summary>
    private static IEnumerable<(int Number, byte[] Bytes)> Fields(byte[] message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var key = Varint(message, ref position);
            var number = (int)(key >> 3);
            switch ((int)(key & 7))
            {
                case 0:
                    Varint(message, ref position);
                    yield return (number, []);
                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    var length = (int)Varint(message, ref position);
                    yield return (number, message[position..(position + length)]);
                    position += length;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"wire type {key & 7} at {position}");
            }
        }
    }

    private static ulong Varint(byte[] data, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
    }
}
