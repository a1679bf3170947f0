using System.Net.Http.Json;
using System.Text.Json;
using ServerlessLoad.Cli.Target;
using ServerlessLoad.Testing;
using Xunit.Abstractions;

namespace ServerlessLoad.EndToEnd.Tests;

/// <summary>
/// Schedules with real processes: `sload schedule add` on a stack whose timer ticks every second, the functions host
/// starts the schedule's runs by itself (trigger "schedule"), and they pass; run-now, list and remove go through the CLI.
/// </summary>
public sealed class ScheduleEndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string state = Directory.CreateTempSubdirectory("sload-e2e-sched-").FullName;
    private DemoTarget? target;
    private CliProcess? cli;

    public async Task InitializeAsync()
    {
        target = await DemoTarget.StartAsync(new DemoTargetOptions { Port = 0 }, CancellationToken.None);
        cli = new CliProcess(RepoPaths.RepoRoot, state, new Dictionary<string, string>
        {
            ["Sload__LeadTimeSeconds"] = "1",
            ["Sload__ScheduleTickCron"] = "* * * * * *",
            // The test's schedule fires every 5 s; the default minimum interval is a minute.
            ["Sload__MinScheduleIntervalSeconds"] = "5",
        });
        var (code, text) = await cli.RunAsync(TimeSpan.FromSeconds(120), "up", "--runners", "1");
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
    public async Task A_schedule_added_from_the_cli_starts_passing_runs_by_itself_and_on_demand()
    {
        var plan = Path.Combine(state, "plan.yaml");
        await File.WriteAllTextAsync(plan, $$"""
            name: scheduled-e2e
            target: {{target!.BaseAddress.ToString().TrimEnd('/')}}
            scenarios:
              - name: s
                vus: 1
                duration: 1s
                requests:
                  - path: /fast
            thresholds:
              - failures.rate < 1%
            """);

        var (addCode, addText) = await cli!.RunAsync(TimeSpan.FromSeconds(60), "schedule", "add", "every-five", "--cron", "*/5 * * * * *", "--plan", plan);
        output.WriteLine(addText);
        addCode.ShouldBe(0, addText);

        using var http = StackPids.Api(state);
        var scheduled = await WaitForAsync(http, r => r.GetProperty("trigger").GetString() == "schedule" && r.GetProperty("status").GetString() == "passed");

        var (listCode, listText) = await cli.RunAsync(TimeSpan.FromSeconds(60), "schedule", "list");
        output.WriteLine(listText);
        listCode.ShouldBe(0, listText);
        listText.ShouldContain("every-five");
        listText.ShouldContain("*/5 * * * * *");

        var (nowCode, nowText) = await cli.RunAsync(TimeSpan.FromSeconds(60), "schedule", "run-now", "every-five");
        output.WriteLine(nowText);
        nowCode.ShouldBe(0, nowText);

        var (removeCode, removeText) = await cli.RunAsync(TimeSpan.FromSeconds(60), "schedule", "remove", "every-five");
        removeCode.ShouldBe(0, removeText);
        var (goneCode, goneText) = await cli.RunAsync(TimeSpan.FromSeconds(60), "schedule", "run-now", "every-five");
        goneCode.ShouldBe(2, goneText);
        goneText.ShouldContain("not found");

        scheduled.GetProperty("name").GetString().ShouldBe("scheduled-e2e");
        scheduled.GetProperty("requests").GetInt64().ShouldBeGreaterThan(0);
    }

    private static async Task<JsonElement> WaitForAsync(HttpClient http, Func<JsonElement, bool> match)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            var list = await http.GetFromJsonAsync<JsonElement>("/api/runs?top=50");
            foreach (var run in list.GetProperty("runs").EnumerateArray())
            {
                if (match(run))
                {
                    return run.Clone();
                }
            }

            await Task.Delay(500);
        }

        throw new TimeoutException("No scheduled run passed within 90 s.");
    }
}

/// <summary>The schedule commands say plainly when there is no stack to talk to.</summary>
public sealed class ScheduleWithoutStackTests
{
    [Fact]
    public async Task Schedule_commands_without_a_stack_say_how_to_start_one_and_exit_2()
    {
        var state = Directory.CreateTempSubdirectory("sload-e2e-nostack-").FullName;
        try
        {
            var (code, text) = await new CliProcess(RepoPaths.RepoRoot, state).RunAsync(TimeSpan.FromSeconds(60), "schedule", "run-now", "nightly");

            code.ShouldBe(2, text);
            text.ShouldContain("No stack is up");
            text.ShouldContain("sload up");
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }
}
