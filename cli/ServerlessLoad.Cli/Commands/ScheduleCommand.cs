using System.CommandLine;
using System.Globalization;
using ServerlessLoad.Cli.Api;
using ServerlessLoad.Cli.Stack;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Schedules;
using ServerlessLoad.Storage.Pipeline;
using Spectre.Console;

namespace ServerlessLoad.Cli.Commands;

/// <summary>`sload schedule add|list|remove|run-now`: schedules on the running stack's API.</summary>
internal static class ScheduleCommand
{
    public static Command Create(IAnsiConsole console, CliPaths paths, PipelineSettings settings)
    {
        var command = new Command("schedule", "Run plans on a timer: six-field NCRONTAB (second minute hour day month day-of-week) in a time zone.");
        command.Subcommands.Add(Add(console, paths, settings));
        command.Subcommands.Add(List(console, paths));
        command.Subcommands.Add(Remove(console, paths));
        command.Subcommands.Add(RunNow(console, paths));
        return command;
    }

    private static Command Add(IAnsiConsole console, CliPaths paths, PipelineSettings settings)
    {
        var name = new Argument<string>("name") { Description = "Schedule name: lowercase letters, digits, '-' and '_'." };
        var cron = new Option<string>("--cron") { Description = "Six-field NCRONTAB, e.g. \"0 0 2 * * *\" (02:00:00 every day).", Required = true };
        var plan = new Option<FileInfo?>("--plan") { Description = "Plan file (YAML or JSON) stored with the schedule." };
        var planName = new Option<string?>("--plan-name") { Description = "Name of a plan stored with PUT /api/plans/{name}, instead of --plan." };
        var zone = new Option<string>("--tz") { Description = "Time zone the cron is read in (IANA id).", DefaultValueFactory = _ => ScheduleDefinition.DefaultTimeZone };
        var disabled = new Option<bool>("--disabled") { Description = "Store the schedule without running it." };
        var replace = new Option<bool>("--replace") { Description = "Replace a schedule of that name instead of failing." };
        var command = new Command("add", "Add a schedule.") { name, cron, plan, planName, zone, disabled, replace };
        command.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(plan);
            if (file is { Exists: false })
            {
                console.MarkupLine($"[red]Plan file not found:[/] {Markup.Escape(file.FullName)}");
                return 2;
            }

            var planText = file is null ? null : await File.ReadAllTextAsync(file.FullName, ct).ConfigureAwait(false);
            if (file is not null && PlanParser.Parse(planText!, PlanFiles.OptionsFor(file.FullName)).Plan is { } withFiles)
            {
                // A stored schedule runs without the files beside its plan: their rows go inline.
                planText = PlanFiles.Submittable(planText!, withFiles);
            }

            var body = new ScheduleBody(parse.GetValue(name)!, parse.GetValue(cron)!, parse.GetValue(zone)!, planText, parse.GetValue(planName), !parse.GetValue(disabled));

            // Checked here first, so a bad schedule is reported without a stack, by the rules the API applies (the same settings).
            var rules = new ScheduleRules { Limits = settings.PlanLimits, MinInterval = TimeSpan.FromSeconds(settings.MinScheduleIntervalSeconds) };
            var local = ScheduleValidator.Validate(new ScheduleDefinition(body.Name, body.Cron, body.TimeZone, body.Plan, body.PlanName, body.Enabled), rules);
            if (!local.IsValid)
            {
                RunWorkflow.PrintProblems(console, $"Schedule {body.Name}", local.Problems.Select(p => p.ToString()));
                return 2;
            }

            if (await RequireStackAsync(console, paths, ct).ConfigureAwait(false) is not { } stack)
            {
                return 2;
            }

            using var api = new ScheduleApiClient(stack.ApiUrl, stack.ApiKey);
            var (saved, problems) = await api.SaveAsync(body, parse.GetValue(replace), ct).ConfigureAwait(false);
            if (saved is null)
            {
                RunWorkflow.PrintProblems(console, $"Schedule {body.Name}", problems);
                return 2;
            }

            var next = saved.NextOccurrence is { } n ? $"next run {Utc(n)} UTC" : "disabled";
            console.MarkupLine($"[green]Schedule {Markup.Escape(saved.Name)}[/]: {Markup.Escape(saved.Cron)} ({Markup.Escape(saved.TimeZone)}), {next}.");
            return 0;
        });
        return command;
    }

    private static Command List(IAnsiConsole console, CliPaths paths)
    {
        var command = new Command("list", "List schedules with their next and last runs.");
        command.SetAction(async (_, ct) =>
        {
            if (await RequireStackAsync(console, paths, ct).ConfigureAwait(false) is not { } stack)
            {
                return 2;
            }

            using var api = new ScheduleApiClient(stack.ApiUrl, stack.ApiKey);
            var schedules = await api.ListAsync(ct).ConfigureAwait(false);
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var column in new[] { "schedule", "cron", "time zone", "plan", "enabled", "next (UTC)", "last occurrence (UTC)", "last run", "error" })
            {
                table.AddColumn(column);
            }

            foreach (var s in schedules)
            {
                table.AddRow(
                    Markup.Escape(s.Name),
                    Markup.Escape(s.Cron),
                    Markup.Escape(s.TimeZone),
                    Markup.Escape(s.PlanName ?? "(inline)"),
                    s.Enabled ? "yes" : "no",
                    s.NextOccurrence is { } next ? Utc(next) : "-",
                    s.LastOccurrence is { } last ? Utc(last) : "-",
                    Markup.Escape(s.LastRunId ?? "-"),
                    Markup.Escape(s.LastError ?? string.Empty));
            }

            console.Write(table);
            console.WriteLine($"{schedules.Count} schedule(s).");
            return 0;
        });
        return command;
    }

    private static Command Remove(IAnsiConsole console, CliPaths paths)
    {
        var name = new Argument<string>("name") { Description = "The schedule to remove." };
        var command = new Command("remove", "Remove a schedule (its past runs stay).") { name };
        command.SetAction(async (parse, ct) =>
        {
            if (await RequireStackAsync(console, paths, ct).ConfigureAwait(false) is not { } stack)
            {
                return 2;
            }

            using var api = new ScheduleApiClient(stack.ApiUrl, stack.ApiKey);
            var id = parse.GetValue(name)!;
            if (!await api.RemoveAsync(id, ct).ConfigureAwait(false))
            {
                console.MarkupLine($"[red]No schedule {Markup.Escape(id)}.[/]");
                return 2;
            }

            console.WriteLine($"Schedule {id} removed.");
            return 0;
        });
        return command;
    }

    private static Command RunNow(IAnsiConsole console, CliPaths paths)
    {
        var name = new Argument<string>("name") { Description = "The schedule whose plan to run now." };
        var command = new Command("run-now", "Start a schedule's plan now (trigger \"schedule\"); its timing is unchanged.") { name };
        command.SetAction(async (parse, ct) =>
        {
            if (await RequireStackAsync(console, paths, ct).ConfigureAwait(false) is not { } stack)
            {
                return 2;
            }

            using var api = new ScheduleApiClient(stack.ApiUrl, stack.ApiKey);
            var id = parse.GetValue(name)!;
            var (runId, problems) = await api.RunNowAsync(id, ct).ConfigureAwait(false);
            if (runId is null)
            {
                RunWorkflow.PrintProblems(console, $"Schedule {id}", problems);
                return 2;
            }

            console.MarkupLine($"Run [bold]{Markup.Escape(runId)}[/] started from schedule {Markup.Escape(id)}; follow it with [bold]sload runs[/].");
            return 0;
        });
        return command;
    }

    private static async Task<StackState?> RequireStackAsync(IAnsiConsole console, CliPaths paths, CancellationToken ct)
    {
        var stack = await new StackLauncher(paths, _ => { }).FindRunningAsync(ct).ConfigureAwait(false);
        if (stack is null)
        {
            console.MarkupLine("[red]No stack is up.[/] Schedules live on a running stack: start one with [bold]sload up[/].");
        }

        return stack;
    }

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
