using System.Globalization;
using System.Text;
using ServerlessLoad.Cli.Output;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Results;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Core.Thresholds;
using ServerlessLoad.Reports;
using ServerlessLoad.Reports.Publishing;
using ServerlessLoad.Storage.Pipeline;
using Spectre.Console;

namespace ServerlessLoad.Cli.Direct;

/// <summary>
/// <c>sload run PLAN --direct</c>: the plan's slices run in this process (no storage emulator, no functions host, like
/// <c>k6 run</c>), and the report is built from the same per-second rows by the same code as in the pipeline, so the
/// artifacts are the same (report.json, report.md, report.html, junit.xml, plan.yaml, charts). Rows are spooled to
/// temporary files while the load runs, so memory stays flat however long the run.
/// </summary>
internal sealed class DirectRunWorkflow(IAnsiConsole console, PipelineSettings settings, TimeProvider time)
{
    public async Task<int> RunAsync(string planText, string planLabel, string outDirectory, CancellationToken ct, PlanParseOptions? parseOptions = null)
    {
        var parsed = PlanParser.Parse(planText, parseOptions ?? PlanParseOptions.Default);
        var problems = parsed.Problems.Concat(parsed.Plan is null ? [] : TargetPolicy.Admit(parsed.Plan, settings.PlanLimits)).ToList();
        if (problems.Count > 0)
        {
            Commands.RunWorkflow.PrintProblems(console, planLabel, problems.Select(p => p.ToString()));
            return 2;
        }

        var plan = parsed.Plan!;
        Plan resolved;
        try
        {
            // Secrets are filled in for the load only; the artifacts are written from the plan as read.
            resolved = Runner.Secrets.PlanSecrets.Resolve(plan, settings.Secrets);
        }
        catch (Exception e) when (e is Runner.Secrets.MissingSecretsException or InvalidOperationException)
        {
            Commands.RunWorkflow.PrintProblems(console, planLabel, [e.Message]);
            return 2;
        }

        var runId = NewRunId(time.GetUtcNow());
        console.MarkupLine($"Run [bold]{runId}[/] (direct): {Markup.Escape(plan.Name)}, {plan.Slices} slice(s) in this process, {plan.TotalDuration.TotalSeconds:0.#} s planned.");
        var spool = Directory.CreateTempSubdirectory($"sload-{runId}-").FullName;
        try
        {
            var progress = new Progress(console, plan.Slices);
            var watch = new AbortWatch(plan);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            RunAbort? aborted = null;
            LocalRunResult result;
            var rows = Enumerable.Range(0, plan.Slices).Select(i => new SecondsSpool(Path.Combine(spool, $"slice-{i}.rows"))).ToList();
            try
            {
                var run = new LocalRun(resolved, time) { ScreenshotDirectory = Path.Combine(outDirectory, runId) };
                result = await run.RunAsync(
                    async (seconds, token) =>
                    {
                        foreach (var slice in seconds.GroupBy(s => s.Slice))
                        {
                            await rows[slice.Key].WriteAsync(slice.Select(s => s with { RunId = runId }), token).ConfigureAwait(false);
                        }

                        progress.Show(seconds);
                        watch.Add(seconds);
                        if (aborted is null && watch.Check(time.GetUtcNow() - run.StartAt) is { } abort)
                        {
                            aborted = abort;
                            console.MarkupLine($"[red]Aborting:[/] {Markup.Escape(abort.Reason)}");
                            await stop.CancelAsync().ConfigureAwait(false);
                        }
                    },
                    stop.Token).ConfigureAwait(false);
            }
            finally
            {
                foreach (var spooled in rows)
                {
                    await spooled.DisposeAsync().ConfigureAwait(false);
                }
            }

            var (report, merged) = Report(runId, plan, result, spool, aborted);
            var directory = Path.Combine(outDirectory, runId);
            var written = await DirectArtifacts.WriteAsync(
                directory,
                new ReportInputs(report, merged.Totals.Latency, null, null, PlanParser.ToYaml(PlanRedaction.Redact(plan)))).ConfigureAwait(false);

            SummaryTable.Print(console, ReportJson.Render(report));
            PrintGenerator(spool, plan.Slices);

            console.WriteLine($"Artifacts: {directory} ({string.Join(", ", written)})");
            return RunStatus.ExitCode(report.Verdict);
        }
        finally
        {
            Directory.Delete(spool, recursive: true);
        }
    }

    /// <summary>The report from the spooled rows, merged slice by slice as the pipeline's report function does.</summary>
    private static (RunReport Report, MergedResults Merged) Report(string runId, Plan plan, LocalRunResult result, string spool, RunAbort? aborted)
    {
        // Per-second latency per results key is kept only where a threshold judges it second by second.
        var builder = new Aggregation.MergeBuilder(SecondLatencyKeys.For(plan));
        var totals = new (long Requests, long Failures)[plan.Slices];
        for (var slice = 0; slice < plan.Slices; slice++)
        {
            var rows = SecondsSpool.Read(Path.Combine(spool, $"slice-{slice}.rows"));
            totals[slice] = (rows.Sum(r => r.TotalRequests), rows.Sum(r => r.Requests.Values.Sum(s => s.Failures)));
            builder.AddSlice(rows);
        }

        var merged = builder.Build();
        return (ReportBuilder.Build(Facts(runId, plan, result, totals) with { AbortedBy = aborted }, merged), merged);
    }

    /// <summary>Readable, sortable by creation time, unique, like the pipeline's: 20261123-174501-3fa9c2.</summary>
    internal static string NewRunId(DateTimeOffset now) =>
        $"{now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{Random.Shared.Next(1 << 24):x6}";

    private static RunFacts Facts(string runId, Plan plan, LocalRunResult result, IReadOnlyList<(long Requests, long Failures)> totals) => new()
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
            totals[i].Requests,
            totals[i].Failures,
            result.SliceErrors[i])).ToList(),
        Errors = [.. result.SliceErrors.Where(e => e is not null).Select(e => e!)],
    };

    /// <summary>Flags saturated generators and dropped arrivals, from the spooled rows' health and counts.</summary>
    private void PrintGenerator(string spool, int slices)
    {
        long dropped = 0;
        for (var slice = 0; slice < slices; slice++)
        {
            var path = Path.Combine(spool, $"slice-{slice}.rows");
            var rows = File.Exists(path) ? SecondsSpool.Read(path) : [];
            dropped += rows.Sum(r => r.DroppedArrivals.Values.Sum());
            if (GeneratorHealth.WasSaturated(rows.Where(r => r.Health is not null).Select(r => r.Health!)))
            {
                console.MarkupLine($"[yellow]Slice {slice}: the generator was saturated (CPU > 90 % or timer lag p99 > 50 ms in more than 10 % of its seconds); its numbers measure the generator as much as the target.[/]");
            }
        }

        if (dropped > 0)
        {
            console.MarkupLine($"[yellow]{dropped} arrival(s) found no free VU and were dropped (raise maxVUs).[/]");
        }
    }

    /// <summary>One line per second of the run: requests and failures over all slices, and how the generator fares.</summary>
    private sealed class Progress(IAnsiConsole console, int slices)
    {
        private readonly Dictionary<long, Line> pending = [];

        public void Show(IReadOnlyList<SliceSecond> seconds)
        {
            foreach (var second in seconds)
            {
                var line = pending.GetValueOrDefault(second.Second) ?? new Line();
                line.Requests += second.TotalRequests;
                line.Failures += second.Requests.Values.Sum(r => r.Failures);
                line.Dropped += second.DroppedArrivals.Values.Sum();
                line.Slices++;
                if (second.Health is { } health)
                {
                    line.Cpu = Math.Max(line.Cpu, health.CpuPercent);
                    line.Memory = Math.Max(line.Memory, health.WorkingSetBytes);
                    line.Heap = Math.Max(line.Heap, health.GcHeapBytes);
                    line.Lag = Math.Max(line.Lag, health.LagP99Micros);
                }

                pending[second.Second] = line;
            }

            foreach (var (second, line) in pending.Where(kv => kv.Value.Slices >= slices).OrderBy(kv => kv.Key).ToList())
            {
                var dropped = line.Dropped > 0 ? $"  dropped {line.Dropped}" : string.Empty;
                console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"{second,5} s  requests {line.Requests,8}  failures {line.Failures,6}{dropped}   generator cpu {line.Cpu,3:0}%  rss {line.Memory / 1048576.0,5:0} MB  heap {line.Heap / 1048576.0,4:0} MB  lag p99 {line.Lag / 1000.0:0.0} ms")));
                pending.Remove(second);
            }
        }

        private sealed class Line
        {
            public long Requests { get; set; }

            public long Failures { get; set; }

            public long Dropped { get; set; }

            public int Slices { get; set; }

            public double Cpu { get; set; }

            public long Memory { get; set; }

            public long Heap { get; set; }

            public long Lag { get; set; }
        }
    }
}
