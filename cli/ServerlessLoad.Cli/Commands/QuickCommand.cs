using System.CommandLine;
using ServerlessLoad.Cli.Direct;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Storage.Pipeline;
using Spectre.Console;

namespace ServerlessLoad.Cli.Commands;

/// <summary><c>sload quick URL -c N -d 10s [--rate R]</c>: one URL, no plan file, no pipeline; wrk-style summary or JSON.</summary>
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
        var command = new Command("quick", "Load one URL for a while and print requests/s, latency percentiles, failures and status codes.")
        {
            url, connections, duration, rate, maxVus, method, headers, body, timeout, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var problems = new List<string>();
            var options = Read(parse, url, connections, duration, rate, maxVus, method, headers, body, timeout, problems);
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
