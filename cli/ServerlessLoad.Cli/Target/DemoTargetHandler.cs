using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ServerlessLoad.Cli.Target;

/// <summary>
/// The demo target's endpoints, dispatched by hand (no routing, no per-request logging) so the target stays much faster
/// than any load it is given. Every response except the <c>/__stats</c> control endpoints is counted when it starts,
/// so once clients have their responses the counts equal what they received; a request whose client went away before
/// the response started is not counted.
/// </summary>
internal sealed class DemoTargetHandler(DemoTargetOptions options, ServedCounters counters, StallWindows stalls)
{
    private static readonly byte[] Ok = "ok"u8.ToArray();
    private static readonly byte[] OkJson = """{"ok":true}"""u8.ToArray();

    private readonly Random random = options.Seed is { } seed ? new Random(seed) : new Random();
    private readonly Lock randomGate = new();
    private readonly WebSocketEcho webSocketEcho = new(options.Time);

    public Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path.StartsWith("/__stats", StringComparison.Ordinal))
        {
            return HandleStatsAsync(context, path);
        }

        // Kestrel runs OnStarting even for a request whose client already left (once the handler returns), so the
        // abort check keeps such requests out of the counts.
        var counter = counters.For(path);
        context.Response.OnStarting(() =>
        {
            if (!context.RequestAborted.IsCancellationRequested)
            {
                counters.Served(counter, context.Connection.Id);
            }

            return Task.CompletedTask;
        });

        return path switch
        {
            "/ws/echo" => webSocketEcho.HandleAsync(context),
            "/fast" => OnlyGet(context) ?? WriteAsync(context, 200, "text/plain", Ok),
            "/work" => OnlyGet(context) ?? WorkAsync(context),
            "/echo" => EchoAsync(context),
            "/stall" => OnlyGet(context) ?? StallAsync(context),
            "/login" => DemoSessionEndpoints.LoginAsync(context),
            "/me" => DemoSessionEndpoints.MeAsync(context),
            _ when DemoShopPage.Serves(path) => DemoShopPage.HandleAsync(context, path, delay => DelayAsync(context, delay)),
            _ when path.StartsWith("/status/", StringComparison.Ordinal) => OnlyGet(context) ?? StatusAsync(context, path["/status/".Length..]),
            _ => WriteTextAsync(context, 404, $"no endpoint {path}"),
        };
    }

    private async Task WorkAsync(HttpContext context)
    {
        TimeSpan delay;
        if (context.Request.Query["ms"] is { Count: > 0 } ms)
        {
            if (!int.TryParse(ms[0], NumberStyles.None, CultureInfo.InvariantCulture, out var millis))
            {
                await WriteTextAsync(context, 400, "ms must be a non-negative whole number of milliseconds");
                return;
            }

            delay = TimeSpan.FromMilliseconds(millis);
        }
        else
        {
            lock (randomGate)
            {
                delay = options.Latency.Sample(random);
            }
        }

        if (await DelayAsync(context, delay))
        {
            await WriteAsync(context, 200, "application/json", OkJson);
        }
    }

    private async Task StallAsync(HttpContext context)
    {
        var query = context.Request.Query;
        if (!double.TryParse(query["at"], NumberStyles.Float, CultureInfo.InvariantCulture, out var at) || at < 0 || !double.IsFinite(at)
            || !int.TryParse(query["for"], NumberStyles.None, CultureInfo.InvariantCulture, out var forMillis))
        {
            await WriteTextAsync(context, 400, "stall needs at=SECONDS (>= 0) and for=MILLISECONDS");
            return;
        }

        if (await DelayAsync(context, stalls.DelayFor(at, forMillis)))
        {
            await WriteAsync(context, 200, "text/plain", Ok);
        }
    }

    private static Task StatusAsync(HttpContext context, string code)
    {
        if (!int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status is < 100 or > 599)
        {
            return WriteTextAsync(context, 400, "status must be a number from 100 to 599");
        }

        // These statuses must not carry a body. A 1xx other than 101 is taken by HTTP clients as an interim response,
        // so they go on waiting for a final one: a deliberate way to provoke client timeouts.
        if (status is < 200 or 204 or 205 or 304)
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        return WriteTextAsync(context, status, string.Create(CultureInfo.InvariantCulture, $"HTTP {status}"));
    }

    private static async Task EchoAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsPost(request.Method))
        {
            await MethodNotAllowedAsync(context, "GET, POST");
            return;
        }

        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = request.ContentType ?? (HttpMethods.IsPost(request.Method) ? "application/json" : "text/plain");
        response.ContentLength = request.ContentLength;
        try
        {
            await request.Body.CopyToAsync(response.Body, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing left to answer.
        }
    }

    private async Task HandleStatsAsync(HttpContext context, string path)
    {
        var method = context.Request.Method;
        switch (path)
        {
            case "/__stats" when HttpMethods.IsGet(method):
                await WriteAsync(context, 200, "application/json", StatsJson());
                break;
            case "/__stats":
                await MethodNotAllowedAsync(context, "GET");
                break;
            case "/__stats/timeline" when HttpMethods.IsGet(method):
                await WriteAsync(context, 200, "application/json", TimelineJson());
                break;
            case "/__stats/reset" when HttpMethods.IsPost(method):
                counters.Reset();
                context.Response.StatusCode = 204;
                break;
            case "/__stats/reset":
                await MethodNotAllowedAsync(context, "POST");
                break;
            default:
                await WriteTextAsync(context, 404, $"no endpoint {path}");
                break;
        }
    }

    /// <summary>Served responses per 100 ms and each connection's first response: when load arrived, and from where.</summary>
    private byte[] TimelineJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("bucketMs", ServedCounters.BucketLength.TotalMilliseconds);
            json.WriteStartArray("served");
            foreach (var (start, served) in counters.Timeline())
            {
                json.WriteStartArray();
                json.WriteStringValue(start);
                json.WriteNumberValue(served);
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteStartArray("connectionsFirstServed");
            foreach (var first in counters.ConnectionsFirstServed())
            {
                json.WriteStringValue(first);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private byte[] StatsJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            var paths = counters.Snapshot();
            json.WriteStartObject();
            json.WriteNumber("total", paths.Values.Sum());
            json.WriteStartObject("paths");
            foreach (var (path, count) in paths.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                json.WriteNumber(path, count);
            }

            json.WriteEndObject();
            WriteStamp(json, "firstAt", counters.FirstAt);
            WriteStamp(json, "lastAt", counters.LastAt);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteStamp(Utf8JsonWriter json, string name, DateTimeOffset? stamp)
    {
        if (stamp is { } value)
        {
            json.WriteString(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>Waits; false when the client went away meanwhile (then nothing is written and nothing is counted).</summary>
    private async Task<bool> DelayAsync(HttpContext context, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            return true;
        }

        try
        {
            await Task.Delay(delay, options.Time, context.RequestAborted);
            return true;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return false;
        }
    }

    private static Task? OnlyGet(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method) ? null : MethodNotAllowedAsync(context, "GET");

    private static Task MethodNotAllowedAsync(HttpContext context, string allow)
    {
        context.Response.Headers.Allow = allow;
        return WriteTextAsync(context, 405, $"use {allow}");
    }

    private static Task WriteTextAsync(HttpContext context, int status, string text) =>
        WriteAsync(context, status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text));

    private static Task WriteAsync(HttpContext context, int status, string contentType, byte[] body)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, 0, body.Length, context.RequestAborted);
    }
}
