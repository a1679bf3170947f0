using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using ServerlessLoad.Cli.Api;
using ServerlessLoad.Cli.Stack;
using ServerlessLoad.Cli.Target;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Storage.Pipeline;
using Spectre.Console;

namespace ServerlessLoad.Cli.Commands;

/// <summary>The sload command tree; each action is a thin adapter over the workflow and launcher types.</summary>
internal static class CliCommands
{
    public static RootCommand Build(IAnsiConsole console)
    {
        var paths = CliPaths.Discover();
        var settings = new ConfigurationBuilder().AddPipelineSources(paths.RepoRoot, []).Build().ReadPipelineSettings();
        Runner.Engine.TargetGuard.Default = new Runner.Engine.TargetGuard(settings.AllowedTargetHosts);
        var root = new RootCommand("ServerlessLoad: event-driven load tests on Azure Storage queues and tables, locally on Azurite.");
        root.Subcommands.Add(StackCommands.Up(console, paths, settings));
        root.Subcommands.Add(StackCommands.Down(console, paths));
        root.Subcommands.Add(StackCommands.Status(console, paths));
        root.Subcommands.Add(StackCommands.Supervise(paths, settings));
        root.Subcommands.Add(Run(console, paths, settings));
        root.Subcommands.Add(Runs(console, paths, settings));
        root.Subcommands.Add(Report(console, paths, settings));
        root.Subcommands.Add(CancelCommand.Create(console, paths));
        root.Subcommands.Add(Validate(console, settings));
        root.Subcommands.Add(Demo(console, paths, settings));
        root.Subcommands.Add(TargetCommand(console));
        root.Subcommands.Add(ScheduleCommand.Create(console, paths, settings));
        root.Subcommands.Add(QuickCommand.Create(console, settings));
        return root;
    }

    private static Command Run(IAnsiConsole console, CliPaths paths, PipelineSettings settings)
    {
        var plan = new Argument<FileInfo>("plan") { Description = "Plan file (YAML or JSON)." };
        var wait = new Option<bool>("--wait", "-w") { Description = "Follow the run and exit with its verdict (0 passed, 1 failed, 2 errored)." };
        var output = new Option<string>("--out", "-o") { Description = "Directory for the artifacts (a sub-directory per run).", DefaultValueFactory = _ => "reports" };
        var baseline = new Option<string?>("--baseline") { Description = "Compare with this run instead of the last passed run of the same plan." };
        var direct = new Option<bool>("--direct") { Description = "Run the plan in this process, without the pipeline (no Azurite), and write the same artifacts." };
        var command = new Command("run", "Run a plan through the pipeline.") { plan, wait, output, baseline, direct };
        command.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(plan)!;
            if (!file.Exists)
            {
                console.MarkupLine($"[red]Plan file not found:[/] {Markup.Escape(file.FullName)}");
                return 2;
            }

            var text = await File.ReadAllTextAsync(file.FullName, ct).ConfigureAwait(false);
            var options = PlanFiles.OptionsFor(file.FullName) with { MaxBrowserVusPerRunner = settings.MaxBrowserVusPerRunner };
            if (parse.GetValue(direct))
            {
                // Every slice runs in this one process, so the cap bounds their browser VUs together.
                options = options with { AllSlicesInOneProcess = true };
                return await new Direct.DirectRunWorkflow(console, settings, TimeProvider.System).RunAsync(text, file.Name, parse.GetValue(output)!, ct, options).ConfigureAwait(false);
            }

            return await new RunWorkflow(console, paths, settings).RunAsync(text, file.Name, parse.GetValue(wait), parse.GetValue(output)!, ct, parse.GetValue(baseline), options).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Runs(IAnsiConsole console, CliPaths paths, PipelineSettings settings)
    {
        var top = new Option<int>("--top") { Description = "How many runs to list.", DefaultValueFactory = _ => 20 };
        var command = new Command("runs", "List runs, newest first.") { top };
        command.SetAction(async (parse, ct) =>
        {
            if (await RequireStackAsync(console, paths, settings, ct).ConfigureAwait(false) is not { } stack)
            {
                return 2;
            }

            using var api = new SloadApiClient(stack.ApiUrl, stack.ApiKey);
            var list = await api.ListRunsAsync(parse.GetValue(top), ct).ConfigureAwait(false);
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var column in new[] { "run", "plan", "status", "trigger", "created (UTC)", "slices", "requests", "failures", "error" })
            {
                table.AddColumn(column);
            }

            foreach (var run in list.Runs)
            {
                table.AddRow(
                    Markup.Escape(run.RunId),
                    Markup.Escape(run.Name),
                    Markup.Escape(run.Status),
                    Markup.Escape(run.Trigger),
                    run.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    $"{run.Slices.Done}/{run.Slices.Total}",
                    run.Requests.ToString(CultureInfo.InvariantCulture),
                    run.Failures.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(run.Error ?? string.Empty));
            }

            console.Write(table);
            console.WriteLine($"{list.Runs.Count} of {list.Total} run(s).");
            return 0;
        });
        return command;
    }

    private static Command Report(IAnsiConsole console, CliPaths paths, PipelineSettings settings)
    {
        var runId = new Argument<string>("runId") { Description = "The run whose artifacts to download." };
        var output = new Option<string>("--out", "-o") { Description = "Directory for the artifacts (a sub-directory per run).", DefaultValueFactory = _ => "reports" };
        var rebuild = new Option<bool>("--rebuild") { Description = "Re-render the report from the run's stored results first (no load is re-run)." };
        var command = new Command("report", "Download a run's artifacts (report.json, report.md, ...).") { runId, output, rebuild };
        command.SetAction(async (parse, ct) =>
        {
            if (await RequireStackAsync(console, paths, settings, ct).ConfigureAwait(false) is not { } stack)
            {
                return 2;
            }

            var id = parse.GetValue(runId)!;
            var directory = Path.Combine(parse.GetValue(output)!, id);
            using var api = new SloadApiClient(stack.ApiUrl, stack.ApiKey);
            if (parse.GetValue(rebuild) && await api.RebuildReportAsync(id, ct).ConfigureAwait(false) is { } problem)
            {
                console.MarkupLine($"[red]{Markup.Escape(problem)}[/]");
                return 2;
            }

            try
            {
                var files = await api.DownloadArtifactsAsync(id, directory, ct).ConfigureAwait(false);
                if (files.Count == 0)
                {
                    console.MarkupLine($"[yellow]Run {Markup.Escape(id)} has no artifacts yet.[/]");
                    return 2;
                }

                if (files.FirstOrDefault(f => Path.GetFileName(f) == "report.json") is { } report)
                {
                    Output.SummaryTable.Print(console, await File.ReadAllTextAsync(report, ct).ConfigureAwait(false));
                }

                console.WriteLine($"Artifacts: {directory} ({string.Join(", ", files.Select(Path.GetFileName))})");
                return 0;
            }
            catch (InvalidOperationException e)
            {
                console.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
                return 2;
            }
        });
        return command;
    }

    private static Command Validate(IAnsiConsole console, PipelineSettings settings)
    {
        var plan = new Argument<FileInfo>("plan") { Description = "Plan file (YAML or JSON)." };
        var command = new Command("validate", "Check a plan and list every problem with its line and field.") { plan };
        command.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(plan)!;
            if (!file.Exists)
            {
                console.MarkupLine($"[red]Plan file not found:[/] {Markup.Escape(file.FullName)}");
                return 2;
            }

            var options = PlanFiles.OptionsFor(file.FullName) with { MaxBrowserVusPerRunner = settings.MaxBrowserVusPerRunner };
            var parsed = PlanParser.Parse(await File.ReadAllTextAsync(file.FullName, ct).ConfigureAwait(false), options);
            var problems = parsed.Problems.Concat(parsed.Plan is null ? [] : TargetPolicy.Admit(parsed.Plan, settings.PlanLimits)).ToList();
            if (problems.Count > 0)
            {
                RunWorkflow.PrintProblems(console, file.Name, problems.Select(p => p.ToString()));
                return 2;
            }

            var p = parsed.Plan!;
            console.MarkupLine($"[green]{Markup.Escape(file.Name)} is valid[/]: {Markup.Escape(p.Name)}, {p.Scenarios.Count} scenario(s), {p.Metrics.Count()} request(s), {p.Slices} slice(s), {p.TotalDuration.TotalSeconds:0.#} s.");
            return 0;
        });
        return command;
    }

    private static Command Demo(IAnsiConsole console, CliPaths paths, PipelineSettings settings)
    {
        var output = new Option<string>("--out", "-o") { Description = "Directory for the artifacts.", DefaultValueFactory = _ => Path.Combine(paths.RepoRoot, "reports") };
        var command = new Command("demo", "Start the stack and the demo target, run examples/demo.yaml, print the summary.") { output };
        command.SetAction(async (parse, ct) =>
        {
            var planPath = Path.Combine(paths.RepoRoot, "examples", "demo.yaml");
            var text = await File.ReadAllTextAsync(planPath, ct).ConfigureAwait(false);
            await using var target = await DemoTarget.StartAsync(new DemoTargetOptions { Port = FreeOr(DemoPort) }, ct).ConfigureAwait(false);
            console.MarkupLine($"[grey]Demo target on {target.BaseAddress}[/]");
            text = text.Replace($"http://127.0.0.1:{DemoPort}", target.BaseAddress.ToString().TrimEnd('/'), StringComparison.Ordinal);
            var code = await new RunWorkflow(console, paths, settings).RunAsync(text, "examples/demo.yaml", wait: true, parse.GetValue(output)!, ct).ConfigureAwait(false);
            console.MarkupLine($"[grey]The demo target served {target.TotalServed} requests.[/]");
            return code;
        });
        return command;
    }

    private static Command TargetCommand(IAnsiConsole console)
    {
        var port = new Option<int>("--port", "-p") { Description = "Port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => DemoPort };
        var latency = new Option<string?>("--latency") { Description = "Latency of /work: fixed:10ms, uniform:5ms-25ms, normal:mean=20ms,sd=5ms, lognormal:median=20ms,sigma=0.5, exponential:mean=10ms." };
        var command = new Command("target", "Serve the demo target until stopped (Ctrl+C).") { port, latency };
        command.SetAction(async (parse, ct) =>
        {
            var options = new DemoTargetOptions { Port = parse.GetValue(port) };
            if (parse.GetValue(latency) is { } text)
            {
                try
                {
                    options = options with { Latency = LatencyDistribution.Parse(text) };
                }
                catch (FormatException e)
                {
                    console.MarkupLine($"[red]--latency: {Markup.Escape(e.Message)}[/]");
                    return 2;
                }
            }

            await using var target = await DemoTarget.StartAsync(options, ct).ConfigureAwait(false);
            console.WriteLine($"Demo target listening on {target.BaseAddress} (GET /__stats for counts). Ctrl+C stops it.");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            return 0;
        });
        return command;
    }

    private const int DemoPort = 5080;

    private static int FreeOr(int port)
    {
        try
        {
            using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
            return port;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return 0;
        }
    }

    private static async Task<StackState?> RequireStackAsync(IAnsiConsole console, CliPaths paths, PipelineSettings settings, CancellationToken ct)
    {
        var stack = await new StackLauncher(paths, _ => { }).FindRunningAsync(ct).ConfigureAwait(false);
        if (stack is null)
        {
            console.MarkupLine("[red]No stack is up.[/] Start one with [bold]sload up[/].");
        }

        return stack;
    }
}
