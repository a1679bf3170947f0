using System.Diagnostics;
using ServerlessLoad.Cli.Api;
using ServerlessLoad.Cli.Output;
using ServerlessLoad.Cli.Stack;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Storage.Pipeline;
using Spectre.Console;

namespace ServerlessLoad.Cli.Commands;

/// <summary>
/// Submit a plan, follow it with live progress, download its artifacts and turn its verdict into an exit code
/// (0 passed, 1 thresholds failed, 2 errored, cancelled or invalid). Starts an ephemeral stack when none is up.
/// </summary>
internal sealed class RunWorkflow(IAnsiConsole console, CliPaths paths, PipelineSettings settings)
{
    public async Task<int> RunAsync(
        string planText, string planLabel, bool wait, string outDirectory, CancellationToken ct, string? baselineRunId = null, PlanParseOptions? parseOptions = null)
    {
        var parsed = PlanParser.Parse(planText, parseOptions ?? PlanParseOptions.Default);
        var problems = parsed.Problems.Concat(parsed.Plan is null ? [] : TargetPolicy.Admit(parsed.Plan, settings.PlanLimits)).ToList();
        if (problems.Count > 0)
        {
            PrintProblems(console, planLabel, problems.Select(p => p.ToString()));
            return 2;
        }

        var launcher = new StackLauncher(paths, m => console.MarkupLine($"[grey]{Markup.Escape(m)}[/]"));
        var stack = await launcher.FindRunningAsync(ct).ConfigureAwait(false);
        var ephemeral = stack is null;
        if (ephemeral)
        {
            console.MarkupLine("[grey]No stack is up; starting one for this run.[/]");
            stack = await launcher.UpAsync(settings.RunnerCount, ct).ConfigureAwait(false);
        }

        try
        {
            using var api = new SloadApiClient(stack!.ApiUrl, stack.ApiKey);
            var submitted = await api.SubmitAsync(PlanFiles.Submittable(planText, parsed.Plan!), ct, baselineRunId).ConfigureAwait(false);
            if (submitted.RunId is null)
            {
                PrintProblems(console, planLabel, submitted.Problems);
                return 2;
            }

            console.MarkupLine($"Run [bold]{submitted.RunId}[/] accepted: {Markup.Escape(parsed.Plan!.Name)}, {parsed.Plan.Slices} slice(s), {parsed.Plan.TotalDuration.TotalSeconds:0.#} s planned.");
            if (!wait && !ephemeral)
            {
                console.WriteLine($"Follow it with: sload report {submitted.RunId} --out {outDirectory}");
                return 0;
            }

            var final = await FollowAsync(api, submitted.RunId, parsed.Plan.TotalDuration, ct).ConfigureAwait(false);
            if (final is null)
            {
                return 2;
            }

            return await FinishAsync(api, final, outDirectory, ct).ConfigureAwait(false);
        }
        finally
        {
            if (ephemeral)
            {
                await launcher.DownAsync().ConfigureAwait(false);
                console.MarkupLine("[grey]Stopped the stack started for this run.[/]");
            }
        }
    }

    internal static void PrintProblems(IAnsiConsole console, string label, IEnumerable<string> problems)
    {
        var list = problems.ToList();
        console.MarkupLine($"[red]{Markup.Escape(label)} is invalid ({list.Count} problem(s)):[/]");
        foreach (var problem in list)
        {
            console.MarkupLine($"  [red]-[/] {Markup.Escape(problem)}");
        }
    }

    private async Task<RunStatusView?> FollowAsync(SloadApiClient api, string runId, TimeSpan planned, CancellationToken ct)
    {
        var limit = planned + settings.LeadTime + TimeSpan.FromMinutes(3);
        var clock = Stopwatch.StartNew();
        var lastLine = string.Empty;
        var lastPrint = TimeSpan.Zero;
        while (clock.Elapsed < limit)
        {
            var run = await api.GetRunAsync(runId, ct).ConfigureAwait(false);
            if (run is null)
            {
                console.MarkupLine($"[red]Run {runId} disappeared.[/]");
                return null;
            }

            var elapsed = run.StartAt is { } start ? Math.Max(0, (DateTimeOffset.UtcNow - start).TotalSeconds) : 0;
            var line = $"{run.Status,-9} slices {run.Slices.Done}/{run.Slices.Total}  requests {run.Requests}  failures {run.Failures}  " +
                       (run.Status == RunStatus.Running ? $"{Math.Min(elapsed, planned.TotalSeconds):0}/{planned.TotalSeconds:0} s" : string.Empty);
            if (line != lastLine || clock.Elapsed - lastPrint > TimeSpan.FromSeconds(5))
            {
                console.MarkupLine($"[grey]{DateTime.Now:HH:mm:ss}[/] {Markup.Escape(line.TrimEnd())}");
                lastLine = line;
                lastPrint = clock.Elapsed;
            }

            if (RunStatus.IsFinal(run.Status))
            {
                return run;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), ct).ConfigureAwait(false);
        }

        console.MarkupLine($"[red]Run {runId} did not finish within {limit.TotalSeconds:0} s.[/]");
        return null;
    }

    private async Task<int> FinishAsync(SloadApiClient api, RunStatusView run, string outDirectory, CancellationToken ct)
    {
        var directory = Path.Combine(outDirectory, run.RunId);
        var files = await api.DownloadArtifactsAsync(run.RunId, directory, ct).ConfigureAwait(false);
        var report = files.FirstOrDefault(f => Path.GetFileName(f) == "report.json");
        if (report is not null)
        {
            SummaryTable.Print(console, await File.ReadAllTextAsync(report, ct).ConfigureAwait(false));
        }

        if (run.AbortReason is { Length: > 0 } abort)
        {
            console.MarkupLine($"[red]Aborted by an abortOnFail threshold:[/] {Markup.Escape(abort)}");
        }

        if (report is null && run.Error is { Length: > 0 } error)
        {
            // With a report, its errors (this one included) were printed with the summary.
            console.MarkupLine($"[red]Error:[/] {Markup.Escape(error)}");
        }

        console.MarkupLine(files.Count > 0
            ? $"Artifacts: {Markup.Escape(directory)} ({string.Join(", ", files.Select(Path.GetFileName))})"
            : "[yellow]The run has no artifacts.[/]");
        return RunStatus.ExitCode(run.Status);
    }
}
