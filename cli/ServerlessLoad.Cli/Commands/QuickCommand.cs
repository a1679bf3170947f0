using System.CommandLine;
using ServerlessLoad.Cli.Direct;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Storage.Pipeline;
using Spectre.Console;

namespace ServerlessLoad.Cli.Commands;

/// <summary>
/// <c>sload quick URL -c N -d 10s [--rate R] [--http2 [--streams M]] [--insecure]</c>: one URL, no plan file, no
/// pipeline; wrk-style summary or JSON. With --http2 it is h2load's -c N -m M.
/// </summary>
internal static class QuickCommand
{
    public static Command Create(IAnsiConsole console, PipelineSettings settings)
    {
        var url = new Argument<string>("url") { Description = "The URL to load (http:// or https://)." };
        var connections = new Option<int>("--connections", "-c") { Description = "Connections (closed model: one virtual user each).", DefaultValueFactory = _ => 10 };
        var duration = new Option<string>("--duration", "-d") { Description = "How long: 500ms, 10s, 1m30s.", DefaultValueFactory = _ => "10s" };
        var rate = new Option<int?>("--rate", "-r") { Description = "Requests per second, started on schedule whatever the response times (open model, latency corrected for coordinated omission)." };
        var maxVus = new Option<int?>("--max-vus") { Description = "With --rate: requests that may wait for a connection before arrivals are dropped (default connections + rate)." };
        var method = new Option<string>("--method", "-m") { Description = "HTTP method.", DefaultValueFactory = _ => "GET" };
        var headers = new Option<string[]>("--header", "-H") { Description = "A request header, 'Name: value' (repeatable)." };
        var body = new Option<string?>("--body") { Description = "Request body (text)." };
        var timeout = new Option<string>("--timeout") { Description = "Per-request timeout.", DefaultValueFactory = _ => "30s" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of the summary." };
        var http2 = new Option<bool>("--http2") { Description = "HTTP/2: negotiated over TLS for https://, with prior knowledge (h2c) for http://." };
        var streams = new Option<int?>("--streams") { Description = "With --http2: requests each connection carries at once (h2load's -m; default 1). Closed model: connections x streams VUs." };
        var insecure = new Option<bool>("--insecure", "-k") { Description = "Accept any TLS certificate (self-signed test servers). Certificates are validated otherwise." };
        var command = new Command("quick", "Load one URL for a while and print requests/s, latency percentiles, failures and status codes.")
        {
            url, connections, duration, rate, maxVus, method, headers, body, timeout, json, http2, streams, insecure,
        };
        command.SetAction(async (parse, ct) =>
        {
            var problems = new List<string>();
            var options = Read(parse, url, connections, duration, rate, maxVus, method, headers, body, timeout, problems);
            options = options is null ? null : WithProtocol(options, parse.GetValue(http2), parse.GetValue(streams), parse.GetValue(insecure), problems);
            if (options is not null)
            {
                problems.AddRange(TargetPolicy.Check(options.ToPlan(), settings.AllowedTargetHosts).Select(p => p.Message));
            }

            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    console.MarkupLine($"[red]error:[/] {Markup.Escape(problem)}");
                }

                return 2;
            }

            var summary = await RunAsync(options!, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                // Plain stdout: the JSON must not be wrapped or styled by the console.
                Console.Out.WriteLine(summary.ToJson(options!));
            }
            else
            {
                foreach (var line in summary.ToLines(options!))
                {
                    console.WriteLine(line);
                }
            }

            return 0;
        });
        return command;
    }

    internal static async Task<QuickSummary> RunAsync(QuickOptions options, CancellationToken ct)
    {
        var summary = new QuickSummary();
        var run = new LocalRun(options.ToPlan(), TimeProvider.System);
        var result = await run.RunAsync(
            (seconds, _) =>
            {
                summary.Add(seconds);
                return Task.CompletedTask;
            },
            ct).ConfigureAwait(false);
        summary.DurationSeconds = Math.Min((result.EndedAt - result.StartedAt).TotalSeconds, options.Duration.TotalSeconds);
        summary.TimerLag = result.TimerLag;
        if (result.SliceErrors.FirstOrDefault(e => e is not null) is { } error)
        {
            throw new InvalidOperationException(error);
        }

        return summary;
    }

    /// <summary>The protocol options: --streams needs --http2, and connections x streams stays within 100000 VUs.</summary>
    internal static QuickOptions? WithProtocol(QuickOptions options, bool http2, int? streams, bool insecure, List<string> problems)
    {
        if (streams is { } count)
        {
            if (!http2)
            {
                problems.Add("--streams applies to --http2 (an HTTP/1.1 connection carries one request at a time)");
            }
            else if (count is < 1 or > 10_000)
            {
                problems.Add($"--streams must be between 1 and 10000, found {count}");
            }
            else if ((long)count * options.Connections > 100_000)
            {
                problems.Add($"--connections x --streams must be at most 100000, found {(long)count * options.Connections}");
            }
        }

        return problems.Count > 0 ? null : options with { Http2 = http2, Streams = streams, Insecure = insecure };
    }

    private static QuickOptions? Read(
        ParseResult parse,
        Argument<string> url,
        Option<int> connections,
        Option<string> duration,
        Option<int?> rate,
        Option<int?> maxVus,
        Option<string> method,
        Option<string[]> headers,
        Option<string?> body,
        Option<string> timeout,
        List<string> problems)
    {
        if (!Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var target) || (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"'{parse.GetValue(url)}' is not an absolute http:// or https:// URL");
        }

        var count = parse.GetValue(connections);
        if (count is < 1 or > 100_000)
        {
            problems.Add($"--connections must be between 1 and 100000, found {count}");
        }

        if (!DurationText.TryParse(parse.GetValue(duration), out var length) || length <= TimeSpan.Zero)
        {
            problems.Add($"--duration: '{parse.GetValue(duration)}' is not a duration above 0 ({DurationText.Examples})");
        }

        if (!DurationText.TryParse(parse.GetValue(timeout), out var limit) || limit <= TimeSpan.Zero)
        {
            problems.Add($"--timeout: '{parse.GetValue(timeout)}' is not a duration above 0 ({DurationText.Examples})");
        }

        if (parse.GetValue(rate) is { } perSecond && perSecond is < 1 or > 10_000_000)
        {
            problems.Add($"--rate must be between 1 and 10000000, found {perSecond}");
        }

        var verb = parse.GetValue(method)!.ToUpperInvariant();
        var requestHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in parse.GetValue(headers) ?? [])
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || header.AsSpan(0, colon).ContainsAny(" \t\r\n") || header.AsSpan(colon).ContainsAny("\r\n"))
            {
                problems.Add($"--header '{header}' is not 'Name: value'");
                continue;
            }

            requestHeaders[header[..colon]] = header[(colon + 1)..].Trim();
        }

        return problems.Count > 0
            ? null
            : new QuickOptions
            {
                Url = target!,
                Connections = count,
                Duration = length,
                Rate = parse.GetValue(rate),
                MaxVus = parse.GetValue(maxVus),
                Method = verb,
                Headers = requestHeaders,
                Body = parse.GetValue(body),
                Timeout = limit,
            };
    }
}
