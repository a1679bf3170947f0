using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServerlessLoad.Cli.Target;
using ServerlessLoad.Testing;
using Xunit.Abstractions;

namespace ServerlessLoad.EndToEnd.Tests;

/// <summary>
/// The whole flow with real processes: `sload up` (Azurite, functions host, 2 runners), `sload run` of a 4-slice plan
/// against the demo target, then the report is reconciled against what the target says it served.
/// </summary>
public sealed class PipelineEndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string state = Directory.CreateTempSubdirectory("sload-e2e-").FullName;
    private readonly string repoRoot = RepoPaths.RepoRoot;
    private DemoTarget? target;
    private CliProcess? cli;

    public async Task InitializeAsync()
    {
        target = await DemoTarget.StartAsync(new DemoTargetOptions { Port = 0 }, CancellationToken.None);
        cli = new CliProcess(repoRoot, state, new Dictionary<string, string> { ["Sload__LeadTimeSeconds"] = "1" });
        var (code, text) = await cli.RunAsync(TimeSpan.FromSeconds(120), "up", "--runners", "2");
        output.WriteLine(text);
        code.ShouldBe(0, text);
    }

    public async Task DisposeAsync()
    {
        if (cli is not null)
        {
            var (_, text) = await cli.RunAsync(TimeSpan.FromSeconds(60), "down");
            output.WriteLine(text);
        }

        StackPids.KillLeftovers(state);
        if (target is not null)
        {
            await target.DisposeAsync();
        }

        foreach (var log in Directory.Exists(Path.Combine(state, "logs")) ? Directory.GetFiles(Path.Combine(state, "logs")) : [])
        {
            output.WriteLine($"--- {Path.GetFileName(log)} (tail)");
            output.WriteLine(string.Join('\n', File.ReadLines(log).TakeLast(30)));
        }

        Directory.Delete(state, recursive: true);
    }

    [Fact]
    public async Task A_four_slice_run_on_two_runners_reports_exactly_what_the_target_served()
    {
        var plan = Path.Combine(state, "plan.yaml");
        await File.WriteAllTextAsync(plan, $$"""
            name: e2e
            slices: 4
            target: {{target!.BaseAddress.ToString().TrimEnd('/')}}
            scenarios:
              - name: mixed
                vus: 6
                duration: 4s
                requests:
                  - name: fast
                    weight: 3
                    path: /fast
                  - name: work
                    path: /work?ms=5
                  - name: echo
                    method: POST
                    path: /echo
                    json: { a: 1 }
            thresholds:
              - failures.rate < 1%
            """);
        var outDir = Path.Combine(state, "out");

        var (code, text) = await cli!.RunAsync(TimeSpan.FromSeconds(120), "run", plan, "--wait", "--out", outDir);
        output.WriteLine(text);
        code.ShouldBe(0, text);

        var runDir = Directory.GetDirectories(outDir).ShouldHaveSingleItem();
        var runId = Path.GetFileName(runDir);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(runDir, "report.json")));
        File.Exists(Path.Combine(runDir, "report.md")).ShouldBeTrue();
        var root = report.RootElement;
        root.GetProperty("verdict").GetString().ShouldBe("passed");
        root.GetProperty("runId").GetString().ShouldBe(runId);

        var served = target.ServedByPath();
        var total = root.GetProperty("totals").GetProperty("requests").GetInt64();
        total.ShouldBeGreaterThan(100);
        total.ShouldBe(target.TotalServed, "report total == what the target served");

        var requests = root.GetProperty("requests").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("requests").GetInt64());
        requests.Values.Sum().ShouldBe(total);
        requests["fast"].ShouldBe(served["/fast"]);
        requests["work"].ShouldBe(served["/work"]);
        requests["echo"].ShouldBe(served["/echo"]);

        var slices = root.GetProperty("slices").EnumerateArray().ToList();
        slices.Count.ShouldBe(4);
        slices.ShouldAllBe(s => s.GetProperty("status").GetString() == "completed");
        slices.Sum(s => s.GetProperty("requests").GetInt64()).ShouldBe(total);

        // The artifacts hold together: the JSON meets its schema, every link in the Markdown resolves inside the
        // run's folder, and the JUnit file has one test case per threshold.
        var schema = await NJsonSchema.JsonSchema.FromFileAsync(Path.Combine(repoRoot, "schema", "report.schema.json"));
        schema.Validate(await File.ReadAllTextAsync(Path.Combine(runDir, "report.json"))).ShouldBeEmpty();
        var markdown = await File.ReadAllTextAsync(Path.Combine(runDir, "report.md"));
        var links = System.Text.RegularExpressions.Regex.Matches(markdown, @"\]\(([^)]+)\)").Select(m => m.Groups[1].Value).ToList();
        links.ShouldNotBeEmpty();
        links.ShouldAllBe(link => File.Exists(Path.Combine(runDir, link)));
        await PublishedCharts.AssertFolderAsync(runDir);
        var junit = System.Xml.Linq.XDocument.Load(Path.Combine(runDir, "junit.xml"));
        junit.Descendants("testcase").Count().ShouldBe(1);
        File.Exists(Path.Combine(runDir, "report.html")).ShouldBeTrue();

        // The artifacts download through the API, one by one and as a zip ...
        using var http = StackPids.Api(state);
        using var list = JsonDocument.Parse(await http.GetStringAsync($"/api/runs/{runId}/artifacts"));
        var names = list.RootElement.GetProperty("artifacts").EnumerateArray().Select(a => a.GetProperty("name").GetString()).ToList();
        names.ShouldContain("report.json");
        names.ShouldContain("report.md");
        using var json = await http.GetAsync($"/api/runs/{runId}/artifacts/report.json");
        json.StatusCode.ShouldBe(HttpStatusCode.OK);
        json.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        (await json.Content.ReadAsStringAsync()).ShouldBe(await File.ReadAllTextAsync(Path.Combine(runDir, "report.json")));
        using var zipResponse = await http.GetAsync($"/api/runs/{runId}/artifacts.zip");
        using var zip = new ZipArchive(await zipResponse.Content.ReadAsStreamAsync());
        zip.Entries.Select(e => e.FullName).ShouldContain($"{runId}/report.md");

        var status = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}");
        status.GetProperty("status").GetString().ShouldBe("passed");
        status.GetProperty("requests").GetInt64().ShouldBe(total);

        // ... and through `sload report`.
        var again = Path.Combine(state, "again");
        var (reportCode, reportText) = await cli.RunAsync(TimeSpan.FromSeconds(60), "report", runId, "--out", again);
        reportCode.ShouldBe(0, reportText);
        (await File.ReadAllTextAsync(Path.Combine(again, runId, "report.json"))).ShouldBe(await File.ReadAllTextAsync(Path.Combine(runDir, "report.json")));

        var (runsCode, runsText) = await cli.RunAsync(TimeSpan.FromSeconds(60), "runs");
        runsCode.ShouldBe(0, runsText);
        runsText.ShouldContain(runId);
    }

    [Fact]
    public async Task An_invalid_plan_is_refused_with_every_problem_and_exit_code_2()
    {
        var plan = Path.Combine(state, "bad.yaml");
        await File.WriteAllTextAsync(plan, """
            name: bad
            target: http://127.0.0.1:1
            scenarios:
              - name: s
                vus: -1
                duration: 0s
                requests: []
            """);
        var (code, text) = await cli!.RunAsync(TimeSpan.FromSeconds(60), "run", plan, "--wait", "--out", state);
        code.ShouldBe(2, text);
        text.ShouldContain("vus");
        text.ShouldContain("duration");
        text.ShouldContain("requests");
        text.ShouldContain("line 5");
    }

    [Fact]
    public async Task A_run_whose_abortOnFail_threshold_fails_stops_soon_after_the_delay_and_fails_naming_it()
    {
        var plan = Path.Combine(state, "aborting.yaml");
        await File.WriteAllTextAsync(plan, $$"""
            name: aborting
            slices: 2
            target: {{target!.BaseAddress.ToString().TrimEnd('/')}}
            scenarios:
              - { name: s, vus: 2, duration: 60s, requests: [{ name: broken, path: /status/500 }] }
            thresholds:
              - threshold: failures.rate < 1%
                abortOnFail: true
                delayAbortEval: 2s
            """);
        var outDir = Path.Combine(state, "out");

        var (code, text) = await cli!.RunAsync(TimeSpan.FromSeconds(90), "run", plan, "--wait", "--out", outDir);
        output.WriteLine(text);

        code.ShouldBe(1, text);
        text.ShouldContain("Aborted by an abortOnFail threshold: failures.rate < 1% failed at second");
        var runDir = Directory.GetDirectories(outDir).ShouldHaveSingleItem();
        var json = await File.ReadAllTextAsync(Path.Combine(runDir, "report.json"));
        var schema = await NJsonSchema.JsonSchema.FromFileAsync(Path.Combine(repoRoot, "schema", "report.schema.json"));
        schema.Validate(json).ShouldBeEmpty();
        using var report = JsonDocument.Parse(json);
        var root = report.RootElement;
        root.GetProperty("verdict").GetString().ShouldBe("failed");
        var abortedBy = root.GetProperty("abortedBy");
        abortedBy.GetProperty("threshold").GetString().ShouldBe("failures.rate < 1%");
        abortedBy.GetProperty("reason").GetString().ShouldStartWith("failures.rate < 1% failed at second");
        root.GetProperty("durationSeconds").GetDouble().ShouldBeLessThan(10, "the 60 s plan stops within a few seconds of the 2 s delay");
        root.GetProperty("slices").EnumerateArray().ShouldAllBe(s => s.GetProperty("status").GetString() == "cancelled");
        (await File.ReadAllTextAsync(Path.Combine(runDir, "report.md"))).ShouldContain("by abortOnFail threshold `failures.rate < 1%`");
    }

    [Fact]
    public async Task The_supervised_stack_restarts_a_killed_runner_and_no_other_command_stops_anything()
    {
        var before = StackState(state);
        var runner = before.GetProperty("processes").EnumerateArray().First(p => p.GetProperty("role").GetString() == "runner-1");
        var pid = runner.GetProperty("pid").GetInt32();
        using (var process = System.Diagnostics.Process.GetProcessById(pid))
        {
            process.Kill();
        }

        // A command right after the death finds the stack and stops nothing (it used to stop every process).
        var (runsCode, runsText) = await cli!.RunAsync(TimeSpan.FromSeconds(60), "runs");
        runsCode.ShouldBe(0, runsText);
        var restarted = await RestartedAsync("runner-1", pid, TimeSpan.FromSeconds(30));
        var (statusCode, statusText) = await cli.RunAsync(TimeSpan.FromSeconds(60), "status");
        output.WriteLine(statusText);

        restarted.GetProperty("restarts").GetInt32().ShouldBe(1);
        restarted.GetProperty("pid").GetInt32().ShouldNotBe(pid);
        StackState(state).GetProperty("processes").EnumerateArray()
            .Where(p => p.GetProperty("role").GetString() != "runner-1")
            .Select(p => p.GetProperty("pid").GetInt32())
            .ShouldBe(before.GetProperty("processes").EnumerateArray().Where(p => p.GetProperty("role").GetString() != "runner-1").Select(p => p.GetProperty("pid").GetInt32()));
        statusCode.ShouldBe(0, statusText);
        statusText.ShouldContain("runner-1");
        statusText.ShouldContain("answering");
        var line = statusText.Split('\n').First(l => l.Contains("runner-1", StringComparison.Ordinal));
        line.ShouldContain("running");
        File.ReadAllText(Path.Combine(state, "logs", "supervisor.log")).ShouldContain($"runner-1 (pid {pid}) exited");
    }

    private static JsonElement StackState(string state)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(state, "stack.json")));
        return document.RootElement.Clone();
    }

    private async Task<JsonElement> RestartedAsync(string role, int oldPid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var process = StackState(state).GetProperty("processes").EnumerateArray().First(p => p.GetProperty("role").GetString() == role);
            if (process.GetProperty("pid").GetInt32() is var pid && pid != oldPid && pid > 0 && process.GetProperty("state").GetString() == "running")
            {
                return process;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{role} was not restarted within {timeout}: {process}");
            }

            await Task.Delay(200);
        }
    }
}
