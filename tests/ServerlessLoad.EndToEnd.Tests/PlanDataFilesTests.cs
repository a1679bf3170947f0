using ServerlessLoad.Cli.Commands;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Testing;

namespace ServerlessLoad.EndToEnd.Tests;

/// <summary>The CLI reads a plan's CSV files beside it, and hands the pipeline (which has no files) the rows inline.</summary>
public sealed class PlanDataFilesTests : IDisposable
{
    private const string Plan = """
        name: files
        target: http://127.0.0.1:5080
        scenarios:
          - name: s
            vus: 1
            duration: 1s
            data:
              users: {file: data/users.csv}
            steps:
              - http: {name: login, method: POST, path: /login, json: {user: "{{users.user}}"}, headers: {x-password: "{{users.password}}"}}
        """;

    private readonly string directory = Directory.CreateTempSubdirectory("sload-plan-files-").FullName;

    public PlanDataFilesTests()
    {
        Directory.CreateDirectory(Path.Combine(directory, "data"));
        File.WriteAllText(Path.Combine(directory, "data", "users.csv"), "user,password\nann,one\nbob,two\n");
        File.WriteAllText(Path.Combine(directory, "plan.yaml"), Plan);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Data_files_are_read_relative_to_the_plan_file()
    {
        var result = PlanParser.Parse(Plan, PlanFiles.OptionsFor(Path.Combine(directory, "plan.yaml")));

        result.Problems.ShouldBeEmpty();
        result.Plan!.Scenarios[0].Data[0].Rows.ShouldBe([["ann", "one"], ["bob", "two"]]);
    }

    [Fact]
    public void A_plan_naming_files_is_submitted_with_its_rows_inline_and_parses_without_them()
    {
        var plan = PlanParser.Parse(Plan, PlanFiles.OptionsFor(Path.Combine(directory, "plan.yaml"))).Plan!;

        var submitted = PlanFiles.Submittable(Plan, plan);
        var stored = PlanParser.Parse(submitted);

        stored.Problems.ShouldBeEmpty(submitted);
        stored.Plan!.Scenarios[0].Data[0].Rows.ShouldBe([["ann", "one"], ["bob", "two"]]);
        PlanParser.Parse(Plan).Problems.ShouldHaveSingleItem().Message.ShouldContain("inline the rows with 'values:'");
    }

    [Fact]
    public void A_plan_without_files_is_submitted_as_written()
    {
        const string text = "name: p\ntarget: http://127.0.0.1:5080\nscenarios: [{name: s, vus: 1, duration: 1s, requests: [{path: /}]}]\n";

        PlanFiles.Submittable(text, PlanParser.Parse(text).Plan!).ShouldBeSameAs(text);
    }

    [Fact]
    public async Task Validate_reads_the_files_and_names_a_missing_one()
    {
        var cli = new CliProcess(RepoPaths.RepoRoot, directory);
        var (valid, validOutput) = await cli.RunAsync(TimeSpan.FromSeconds(60), "validate", Path.Combine(directory, "plan.yaml"));
        File.Delete(Path.Combine(directory, "data", "users.csv"));
        var (missing, missingOutput) = await cli.RunAsync(TimeSpan.FromSeconds(60), "validate", Path.Combine(directory, "plan.yaml"));

        valid.ShouldBe(0, validOutput);
        validOutput.ShouldContain("plan.yaml is valid");
        missing.ShouldBe(2, missingOutput);
        missingOutput.ShouldContain("line 8: scenarios[0].data.users.file: cannot read 'data/users.csv'");
    }
}
