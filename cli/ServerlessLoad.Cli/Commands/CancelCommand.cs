using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServerlessLoad.Cli.Stack;
using ServerlessLoad.Core.Runs;
using Spectre.Console;

namespace ServerlessLoad.Cli.Commands;

/// <summary>
/// <c>sload cancel RUN_ID</c>: asks the API to cancel a run, then (unless <c>--no-wait</c>) follows it until it is final.
/// Exit code 0 when the run ends cancelled (or the cancel was accepted with --no-wait), 2 otherwise.
/// </summary>
internal static class CancelCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Command Create(IAnsiConsole console, CliPaths paths)
    {
        var runId = new Argument<string>("runId") { Description = "The run to cancel." };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the cancel is recorded, without waiting for the run to finish." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the run to finish.", DefaultValueFactory = _ => 60 };
        var command = new Command("cancel", "Cancel a run: runners stop within seconds, keep what they measured, and the run ends with verdict cancelled.") { runId, noWait, timeout };
        command.SetAction(async (parse, ct) =>
        {
            var stack = await new StackLauncher(paths, _ => { }).FindRunningAsync(ct).ConfigureAwait(false);
            if (stack is null)
            {
                console.MarkupLine("[red]No stack is up.[/] Start one with [bold]sload up[/].");
                return 2;
            }

            using var http = Api.ApiHttp.Create(stack.ApiUrl, stack.ApiKey);
            var id = parse.GetValue(runId)!;
            return await CancelAsync(console, http, id, !parse.GetValue(noWait), TimeSpan.FromSeconds(parse.GetValue(timeout)), ct).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> CancelAsync(IAnsiConsole console, HttpClient http, string runId, bool wait, TimeSpan timeout, CancellationToken ct)
    {
        var path = $"api/runs/{Uri.EscapeDataString(runId)}";
        using (var response = await http.PostAsync(new Uri($"{path}/cancel", UriKind.Relative), null, ct).ConfigureAwait(false))
        {
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            switch (response.StatusCode)
            {
                case HttpStatusCode.NotFound:
                    console.MarkupLine($"[red]Run {Markup.Escape(runId)} not found.[/]");
                    return 2;
                case HttpStatusCode.Conflict:
                    console.MarkupLine($"[yellow]Run {Markup.Escape(runId)} has already finished ({Markup.Escape(Field(body, "runStatus") ?? "final")}); nothing to cancel.[/]");
                    return 2;
                case HttpStatusCode.Accepted:
                    console.MarkupLine($"Cancel of run [bold]{Markup.Escape(runId)}[/] recorded (it was {Markup.Escape(Field(body, "status") ?? "?")}).");
                    break;
                default:
                    console.MarkupLine($"[red]The API answered {(int)response.StatusCode}: {Markup.Escape(body)}[/]");
                    return 2;
            }
        }

        if (!wait)
        {
            return 0;
        }

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var run = await http.GetFromJsonAsync<JsonElement>(new Uri(path, UriKind.Relative), Json, ct).ConfigureAwait(false);
            var status = run.GetProperty("status").GetString() ?? string.Empty;
            if (RunStatus.IsFinal(status))
            {
                console.WriteLine($"Run {runId} {status}: {run.GetProperty("requests").GetInt64()} requests measured before it stopped.");
                return status == RunStatus.Cancelled ? 0 : 2;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), ct).ConfigureAwait(false);
        }

        console.MarkupLine($"[red]Run {Markup.Escape(runId)} did not finish within {timeout.TotalSeconds:0} s.[/]");
        return 2;
    }

    private static string? Field(string json, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
