using ServerlessLoad.Cli.Output;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Reports;
using Spectre.Console;

namespace ServerlessLoad.EndToEnd.Tests;

/// <summary>The summary the CLI prints after a run (`run --wait`, `run --direct`, `report`) says why a run errored.</summary>
public sealed class SummaryTableTests
{
    [Fact]
    public void An_errored_run_prints_its_verdict_with_every_error_of_its_report()
    {
        var started = new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);
        var plan = new Plan
        {
            Name = "late",
            Targets = new Dictionary<string, Uri> { ["default"] = new("http://127.0.0.1:8080/") },
            Scenarios = [new Scenario { Name = "s", Vus = 1, Duration = TimeSpan.FromSeconds(5), Requests = [new RequestSpec { Name = "home", Target = "default", Path = "/" }] }],
        };
        var facts = new RunFacts
        {
            RunId = "run-1",
            Plan = plan,
            PlanName = plan.Name,
            StartedAt = started,
            EndedAt = started.AddSeconds(5),
            Slices = [new SliceFacts(0, SliceStatus.Completed, 1, 0, 0)],
            Errors = ["message poisoned after 5 attempts"],
        };
        var json = ReportJson.Render(ReportBuilder.Build(facts, []));
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
        });

        SummaryTable.Print(console, json);

        var lines = writer.ToString().Split('\n').Select(l => l.TrimEnd()).ToList();
        lines[0].ShouldStartWith("Verdict: ERRORED  run run-1");
        lines.Where(l => l.StartsWith("Error: ", StringComparison.Ordinal)).ShouldBe(
        [
            "Error: message poisoned after 5 attempts",
            "Error: " + ReportBuilder.NoLoadError,
        ]);
    }
}
