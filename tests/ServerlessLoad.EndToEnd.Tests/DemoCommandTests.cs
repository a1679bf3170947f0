using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ServerlessLoad.Testing;
using Xunit.Abstractions;

namespace ServerlessLoad.EndToEnd.Tests;

/// <summary>
/// The README's first command, as a user types it: `./sload demo` (its set-up checks, the local stack with the local
/// functions host and runners, the demo plan, the summary and the artifacts), then the report reconciled with what the
/// demo target says it served.
/// </summary>
public sealed partial class DemoCommandTests(ITestOutputHelper output) : IDisposable
{
    private readonly string state = Directory.CreateTempSubdirectory("sload-demo-").FullName;

    public void Dispose()
    {
        StackPids.KillLeftovers(state);
        Directory.Delete(state, recursive: true);
    }

    [Fact]
    public async Task The_demo_runs_on_the_local_stack_and_its_report_counts_what_the_target_served()
    {
        var reports = Path.Combine(state, "reports");
        var clock = Stopwatch.StartNew();

        var (code, text) = await RunScriptAsync(TimeSpan.FromMinutes(4), "demo", "--out", reports);
        output.WriteLine(text);
        output.WriteLine($"./sload demo took {clock.Elapsed.TotalSeconds:0.0} s");

        code.ShouldBe(0, text);
        var served = long.Parse(Served().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
        var runDirectory = Directory.GetDirectories(reports).ShouldHaveSingleItem();
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(runDirectory, "report.json")));
        var totals = report.RootElement.GetProperty("totals");
        report.RootElement.GetProperty("verdict").GetString().ShouldBe("passed");
        totals.GetProperty("requests").GetInt64().ShouldBe(served);
        served.ShouldBeGreaterThan(1_000);
        foreach (var artifact in new[] { "report.md", "report.html", "junit.xml", "plan.yaml" })
        {
            File.Exists(Path.Combine(runDirectory, artifact)).ShouldBeTrue(artifact);
        }

        File.Exists(Path.Combine(state, "stack.json")).ShouldBeFalse("the demo stops the stack it started");
    }

    private async Task<(int ExitCode, string Output)> RunScriptAsync(TimeSpan timeout, params string[] args)
    {
        var info = new ProcessStartInfo("bash")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = state,
        };
        info.ArgumentList.Add(Path.Combine(RepoPaths.RepoRoot, "sload"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // The build these tests run from: the script finds it built and goes straight to the command.
        info.Environment["SLOAD_CONFIGURATION"] = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        info.Environment["SLOAD_STATE_DIR"] = state;
        info.Environment["NO_COLOR"] = "1";
        info.Environment["COLUMNS"] = "200";
        using var process = Process.Start(info)!;
        var text = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (text) { text.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (text) { text.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"./sload {string.Join(' ', args)} did not finish within {timeout}:\n{text}");
        }

        process.WaitForExit();
        lock (text)
        {
            return (process.ExitCode, text.ToString());
        }
    }

    [GeneratedRegex(@"The demo target served (\d+) requests")]
    private static partial Regex Served();
}
