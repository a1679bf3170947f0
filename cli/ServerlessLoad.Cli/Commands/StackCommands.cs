using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using ServerlessLoad.Cli.Stack;
using ServerlessLoad.Storage.Pipeline;
using Spectre.Console;

namespace ServerlessLoad.Cli.Commands;

/// <summary>The local stack's commands: up, down, status, and the supervisor `up` starts in the background.</summary>
internal static class StackCommands
{
    public static Command Up(IAnsiConsole console, CliPaths paths, PipelineSettings settings)
    {
        var runners = new Option<int>("--runners", "-n") { Description = "Runner processes to start.", DefaultValueFactory = _ => settings.RunnerCount };
        var command = new Command("up", "Start the local stack (Azurite, the functions host and N runners), kept alive by a supervisor.") { runners };
        command.SetAction(async (parse, ct) =>
        {
            var state = await new StackLauncher(paths, m => console.WriteLine(m)).UpAsync(parse.GetValue(runners), ct).ConfigureAwait(false);
            console.MarkupLine($"[green]Stack up[/]: API {state.ApiUrl}; `sload status` shows its processes; stop it with [bold]sload down[/].");
            return 0;
        });
        return command;
    }

    public static Command Down(IAnsiConsole console, CliPaths paths)
    {
        var command = new Command("down", "Stop the local stack: its supervisor and every process it started.");
        command.SetAction(async (_, _) =>
        {
            var stopped = await new StackLauncher(paths, m => console.WriteLine(m)).DownAsync().ConfigureAwait(false);
            console.WriteLine(stopped ? "Stack stopped." : "No stack is up.");
            return 0;
        });
        return command;
    }

    public static Command Status(IAnsiConsole console, CliPaths paths)
    {
        var command = new Command("status", "Show the local stack's processes: state, PID, restarts, and the API address.");
        command.SetAction(async (_, ct) =>
        {
            if (new StackLauncher(paths, _ => { }).Status() is not { } state)
            {
                console.WriteLine("No stack is up (start one with sload up).");
                return 2;
            }

            var supervised = StackLauncher.IsSupervised(state);
            var healthy = await StackHealth.IsHealthyAsync(state.ApiUrl, ct).ConfigureAwait(false);
            console.MarkupLine(
                $"API [bold]{Markup.Escape(state.ApiUrl)}[/] ({(healthy ? "[green]answering[/]" : "[red]not answering[/]")}), stack {Markup.Escape(state.State)}, "
                + (supervised ? $"supervisor pid {state.SupervisorPid}" : "[red]no supervisor running[/]")
                + $", up since {state.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC");
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var column in new[] { "process", "state", "pid", "restarts", "started (UTC)", "log" })
            {
                table.AddColumn(column);
            }

            foreach (var process in state.Processes)
            {
                var alive = process.Pid > 0 && ProcessControl.IsAlive(process.Pid, process.Marker);
                var shown = alive ? StackProcess.Running : supervised ? StackProcess.Restarting : "exited";
                table.AddRow(
                    Markup.Escape(process.Role),
                    shown == StackProcess.Running ? "[green]running[/]" : $"[red]{shown}[/]",
                    alive ? process.Pid.ToString(CultureInfo.InvariantCulture) : "-",
                    process.Restarts.ToString(CultureInfo.InvariantCulture),
                    process.StartedAt?.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture) ?? "-",
                    Markup.Escape(process.Log));
            }

            console.Write(table);
            return healthy && supervised ? 0 : 1;
        });
        return command;
    }

    /// <summary>The supervisor `sload up` starts in the background; not for people to call.</summary>
    public static Command Supervise(CliPaths paths, PipelineSettings settings)
    {
        var runners = new Option<int>("--runners") { DefaultValueFactory = _ => settings.RunnerCount };
        var command = new Command(StackLauncher.SupervisorMarker, "Keep the local stack alive (started by sload up).") { runners };
        command.Hidden = true;
        command.SetAction(async (parse, ct) =>
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });
            var log = (string line) => Console.WriteLine($"{DateTime.UtcNow.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} {line}");
            return await new StackSupervisor(paths, parse.GetValue(runners), log).RunAsync(stop.Token).ConfigureAwait(false);
        });
        return command;
    }
}
