using System.Globalization;
using System.Text;
using ServerlessLoad.Cli.Output;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Results;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Reports;
using ServerlessLoad.Storage.Pipeline;
using Spectre.Console;

namespace ServerlessLoad.Cli.Direct;

/// <summary>
/// <c>sload run PLAN --direct</c>: the plan's slices run in this process (no storage emulator, no functions host, like
/// <c>k6 run</c>), and the report is built from the same per-second rows by the same code as in the pipeline, so the
/// artifacts (report.json, report.md, plan.yaml) are the same. Rows are spooled to a temporary file while the load
/// runs, so memory stays flat however long the run.
/// </summary>
internal sealed class DirectRunWorkflow(IAnsiConsole console, PipelineSettings settings, TimeProvider time)
{
    public async Task<int> RunAsync(string planText, string planLabel, string outDirectory, CancellationToken ct)
    {
        var parsed = PlanParser.Parse(planText);
        var problems = parsed.Problems.Concat(parsed.Plan is null ? [] : TargetPolicy.Check(parsed.Plan, settings.AllowedTargetHosts)).ToList();
        if (problems.Count > 0)
        {
            Commands.RunWorkflow.PrintProblems(console, planLabel, problems.Select(p => p.ToString()));
            return 2;
        }

        var plan = parsed.Plan!;
        var runId = NewRunId(time.GetUtcNow());
        console.MarkupLine($"Run [bold]{runId}[/] (direct): {Markup.Escape(plan.Name)}, {plan.Slices} slice(s) in this process, {plan.TotalDuration.TotalSeconds:0.#} s planned.");
        var spool = Path.Combine(Path.GetTempPath(), $"sload-{runId}.rows");
        try
        {
            var progress = new Progress(console, plan.Slices);
            LocalRunResult result;
            await using (var rows = new SecondsSpool(spool))
            {
                var run = new LocalRun(plan, time);
                result = await run.RunAsync(
                    async (seconds, token) =>
                    {
                        await rows.WriteAsync(seconds.Select(s => s with { RunId = runId }), token).ConfigureAwait(false);
                        progress.Show(seconds);
                    },
                    ct).ConfigureAwait(false);
            }

            var seconds = SecondsSpool.Read(spool);
            var report = ReportBuilder.Build(Facts(runId, plan, result, seconds), seconds);
            var directory = Path.Combine(outDirectory, runId);
            Directory.CreateDirectory(directory);
            var json = ReportJson.Render(report);
            await File.WriteAllTextAsync(Path.Combine(directory, "report.json"), json, Encoding.UTF8, CancellationToken.None).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(directory, "report.md"), ReportMarkdown.Render(report), Encoding.UTF8, CancellationToken.None).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(directory, "plan.yaml"), planText, Encoding.UTF8, CancellationToken.None).ConfigureAwait(false);

            SummaryTable.Print(console, json);
            PrintGenerator(seconds);
            foreach (var error in result.SliceErrors.Where(e => e is not null))
            {
                console.MarkupLine($"[red]Error:[/] {Markup.Escape(error!)}");
            }

            console.WriteLine($"Artifacts: {directory} (report.json, report.md, plan.yaml)");
            return RunStatus.ExitCode(report.Verdict);
        }
        finally
        {
            File.Delete(spool);
        }
    }

    /// <summary>Readable, sortable by creation time, unique, like the pipeline's: 20261123-174501-3fa9c2.</summary>
    internal static string NewRunId(DateTimeOffset now) =>
        $"{now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3))}";

    private static RunFacts Facts(string runId, Plan plan, LocalRunResult result, IReadOnlyList<SliceSecond> seconds) => new()
    {
        RunId = runId,
        Plan = plan,
        PlanName = plan.Name,
        StartedAt = result.StartedAt,
        EndedAt = result.EndedAt,
        StatusHint = result.Cancelled ? RunStatus.Cancelled : null,
        Trigger = "direct",
        Slices = Enumerable.Range(0, plan.Slices).Select(i => new SliceFacts(
            i,
            result.SliceErrors[i] is not null ? SliceStatus.Failed : result.Cancelled ? SliceStatus.Cancelled : SliceStatus.Completed,
            1,
            seconds.Where(s => s.Slice == i).Sum(s => s.TotalRequests),
            seconds.Where(s => s.Slice == i).Sum(s => s.Requests.Values.Sum(r => r.Failures)),
            result.SliceErrors[i])).ToList(),
        Errors = [.. result.SliceErrors.Where(e => e is not null).Select(e => e!)],
    };

    private void PrintGenerator(IReadOnlyList<SliceSecond> seconds)
    {
        var health = seconds.Where(s => s.Health is not null).GroupBy(s => s.Slice).ToList();
        foreach (var slice in health.Where(g => GeneratorHealth.WasSaturated(g.Select(s => s.Health!))))
        {
            console.MarkupLine($"[yellow]Slice {slice.Key}: the generator was saturated (CPU > 90 % or timer lag p99 > 50 ms in more than 10 % of its seconds); its numbers measure the generator as much as the target.[/]");
        }

        var dropped = seconds.Sum(s => s.DroppedArrivals.Values.Sum());
        if (dropped > 0)
        {
            console.MarkupLine($"[yellow]{dropped} arrival(s) found no free VU and were dropped (raise maxVUs).[/]");
        }
    }

    /// <summary>One line per second of the run: requests and failures over all slices.</summary>
    private sealed class Progress(IAnsiConsole console, int slices)
    {
        private readonly Dictionary<long, (long Requests, long Failures, int Slices)> pending = [];

        public void Show(IReadOnlyList<SliceSecond> seconds)
        {
            foreach (var second in seconds)
            {
                var (requests, failures, count) = pending.GetValueOrDefault(second.Second);
                pending[second.Second] = (requests + second.TotalRequests, failures + second.Requests.Values.Sum(r => r.Failures), count + 1);
            }

            foreach (var (second, (requests, failures, count)) in pending.Where(kv => kv.Value.Slices >= slices).OrderBy(kv => kv.Key).ToList())
            {
                console.MarkupLine($"[grey]{second,5} s[/]  requests {requests,8}  failures {failures,6}");
                pending.Remove(second);
            }
        }
    }
}
