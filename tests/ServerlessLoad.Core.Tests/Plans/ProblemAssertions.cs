using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Core.Tests.Plans;

internal static class ProblemAssertions
{
    /// <summary>The text has problems, no plan, and one of them is at this field and line with this message part.</summary>
    public static PlanProblem ShouldHaveProblem(this string text, string field, int line, string messagePart)
    {
        var result = PlanParser.Parse(text);
        result.IsValid.ShouldBeFalse();
        result.Plan.ShouldBeNull();
        var problem = result.Problems.FirstOrDefault(p => p.Field == field && p.Line == line);
        problem.ShouldNotBeNull($"no problem at {field} line {line}; found:\n{string.Join("\n", result.Problems)}");
        problem.Message.ShouldContain(messagePart, Case.Sensitive);
        return problem;
    }

    /// <summary>Like <see cref="ShouldHaveProblem"/>, and it is the only one.</summary>
    public static PlanProblem ShouldHaveOnlyProblem(this string text, string field, int line, string messagePart)
    {
        var problem = text.ShouldHaveProblem(field, line, messagePart);
        var problems = PlanParser.Parse(text).Problems;
        problems.Count.ShouldBe(1, string.Join("\n", problems));
        return problem;
    }
}
