using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using ServerlessLoad.Cli.Stack;
using ServerlessLoad.Cli.Target;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Storage;
using ServerlessLoad.Storage.Pipeline;
using ServerlessLoad.Testing;
using Xunit.Abstractions;

namespace ServerlessLoad.EndToEnd.Tests;

/// <summary>
/// `sload up --runner-mode jobs`: no runner runs until a slice is queued; the scaler starts one runner job per slice,
/// each runs its slice and exits. The jobs here start as slowly as containers do (a simulated cold start), and the start
/// barrier waits for them: the run starts later, and no planned second is lost.
/// </summary>
public sealed class RunnerJobsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const double ColdStartSeconds = 4;
    private readonly string state = Directory.CreateTempSubdirectory("sload-jobs-").FullName;
    private DemoTarget? target;
    private CliProcess? cli;

    public async Task InitializeAsync()
    {
        target = await DemoTarget.StartAsync(new DemoTargetOptions { Port = 0 }, CancellationToken.None);
        cli = new CliProcess(RepoPaths.RepoRoot, state, new Dictionary<string, string>
        {
            ["Sload__SimulatedColdStartSeconds"] = ColdStartSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var (code, text) = await cli.RunAsync(TimeSpan.FromSeconds(120), "up", "--runner-mode", "jobs", "--runners", "4");
        output.WriteLine(text);
        code.ShouldBe(0, text);
    }

    public async Task DisposeAsync()
    {
        if (cli is not null)
        {
            output.WriteLine((await cli.RunAsync(TimeSpan.FromSeconds(60), "down")).Output);
        }

        StackPids.KillLeftovers(state);
        if (target is not null)
        {
            await target.DisposeAsync();
        }

        foreach (var log in Directory.Exists(Path.Combine(state, "logs")) ? Directory.GetFiles(Path.Combine(state, "logs"), "*.log", SearchOption.AllDirectories) : [])
        {
            output.WriteLine($"--- {Path.GetFileName(log)} (tail)");
            output.WriteLine(string.Join('\n', File.ReadLines(log).TakeLast(15)));
        }

        Directory.Delete(state, recursive: true);
    }

    [Fact]
    public async Task Cold_starting_runner_jobs_run_one_slice_each_and_the_barrier_waits_for_them_so_no_second_is_missing()
    {
        StackState.Load(state)!.Processes.ShouldNotContain(p => p.Role.StartsWith("job-", StringComparison.Ordinal), "no runner runs before a slice is queued");
        var plan = Path.Combine(state, "plan.yaml");
        await File.WriteAllTextAsync(plan, $$"""
            name: jobs
            slices: 3
            target: {{target!.BaseAddress.ToString().TrimEnd('/')}}
            scenarios:
              - name: s
                vus: 3
                duration: 4s
                requests:
                  - name: fast
                    path: /fast
            """);
        var outDir = Path.Combine(state, "out");

        var (code, text) = await cli!.RunAsync(TimeSpan.FromSeconds(150), "run", plan, "--wait", "--out", outDir);
        output.WriteLine(text);

        code.ShouldBe(0, text);
        var runDir = Directory.GetDirectories(outDir).ShouldHaveSingleItem();
        var runId = Path.GetFileName(runDir);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(runDir, "report.json")));
        var root = report.RootElement;
        root.GetProperty("verdict").GetString().ShouldBe("passed");
        root.GetProperty("totals").GetProperty("requests").GetInt64().ShouldBe(target.TotalServed);
        root.GetProperty("slices").EnumerateArray().ShouldAllBe(s => s.GetProperty("missingSeconds").GetArrayLength() == 0);

        var stack = StackState.Load(state)!;
        var store = new PipelineStore(StorageClients.FromConnectionString(stack.StorageConnectionString));
        var run = (await store.GetRunAsync(runId))!;
        var slices = await store.GetSlicesAsync(runId);
        var waited = run.StartAt!.Value - run.CreatedAt;
        output.WriteLine($"POST to start: {waited.TotalSeconds:0.0} s ({run.StartNote})");
        waited.ShouldBeGreaterThan(TimeSpan.FromSeconds(ColdStartSeconds), "the start waited for the cold runners");
        run.StartNote!.ShouldStartWith("all 3 slice(s) had a ready runner");
        slices.Select(s => s.Runner).Distinct().Count().ShouldBe(3, "each slice ran in a runner job of its own");
        slices.ShouldAllBe(s => s.Status == SliceStatus.Completed && s.Attempt == 1 && s.StartedAt < run.StartAt);

        // Every job exits once its slice is done; the scaler forgets it.
        var clock = Stopwatch.StartNew();
        while (StackState.Load(state)!.Processes.Any(p => p.Role.StartsWith("job-", StringComparison.Ordinal)))
        {
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30), "runner jobs still running after their slices finished");
            await Task.Delay(250);
        }

        Directory.GetFiles(Path.Combine(state, "logs", "jobs"), "job-*.log").Length.ShouldBe(3);
        using var http = new HttpClient { BaseAddress = new Uri(stack.ApiUrl) };
        http.DefaultRequestHeaders.Add("x-functions-key", stack.ApiKey.ShouldNotBeNull("the stack generated its API key"));
        (await http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}")).GetProperty("startAt").GetDateTimeOffset().ShouldBe(run.StartAt.Value);
    }
}
