using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Schedules;
using Xunit.Abstractions;

namespace ServerlessLoad.Functions.Tests.Fuzz;

/// <summary>
/// The plan parser on 12,000 structure-aware mutations of the example plans: it never throws, never takes more than a
/// second or allocates more than 100 MB for one input, and every plan it accepts is stored (masked, canonical) in a form
/// that reads back as valid, and is judged by the admission checks without throwing.
/// </summary>
public sealed class PlanParserFuzzTests(ITestOutputHelper output)
{
    public const int Inputs = 12_000;

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task No_mutated_plan_breaks_the_parser_or_what_is_built_on_it()
    {
        var mutator = new PlanMutator(FuzzSeeds.Plans(), FuzzSeeds.Seed);
        var ledger = new FuzzLedger("parser");
        var accepted = new System.Runtime.CompilerServices.StrongBox<int>();
        for (var i = 0; i < Inputs; i++)
        {
            var input = mutator.Next();
            var (took, allocated, broken) = await FuzzLedger.MeasureAsync(() => Task.FromResult(Check(input, accepted)), process: false);
            ledger.Record(i, input, took, allocated, Limit, broken);
        }

        output.WriteLine($"{ledger.Summary}; {accepted.Value} accepted");
        ledger.Failures.ShouldBeEmpty(ledger.Summary);
        ledger.Inputs.ShouldBe(Inputs);
        accepted.Value.ShouldBeGreaterThan(Inputs / 20, "the mutations should leave some plans valid, or the checks after parsing go untested");
    }

    private static string? Check(string input, System.Runtime.CompilerServices.StrongBox<int> accepted)
    {
        var parsed = PlanParser.Parse(input);
        if (parsed.Plan is not { } plan)
        {
            return parsed.Problems.Count == 0 ? "refused without a problem" : null;
        }

        accepted.Value++;
        _ = TargetPolicy.Admit(plan, PlanLimits.Default);
        _ = ScheduleValidator.Validate(new ScheduleDefinition("fuzz", "0 0 2 * * *", Plan: input), ScheduleRules.Default, DateTimeOffset.UnixEpoch);
        var stored = PlanParser.ToYaml(PlanRedaction.ForStorage(plan).Plan);
        var again = PlanParser.Parse(stored);
        return again.IsValid ? null : $"the stored form does not read back: {string.Join("; ", again.Problems.Take(3))}";
    }
}
