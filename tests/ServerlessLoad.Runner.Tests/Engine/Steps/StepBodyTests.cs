using Microsoft.AspNetCore.Http;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Runner.Tests.Support;
using static ServerlessLoad.Runner.Tests.Engine.Steps.StepRuns;

namespace ServerlessLoad.Runner.Tests.Engine.Steps;

public sealed class StepBodyTests
{
    private const int Size = 1536 * 1024;

    [Fact]
    public async Task Checks_read_the_first_mebibyte_of_a_body_and_the_whole_body_is_counted()
    {
        await using var server = await StepServer.StartAsync((context, _) =>
        {
            var body = new string('x', Size).ToCharArray();
            "HEAD".CopyTo(0, body, 0, 4);
            "TAIL".CopyTo(0, body, Size - 4, 4);
            return context.Response.WriteAsync(new string(body));
        });
        var step = Send("big", "/big") with
        {
            Checks = [CheckOf(CheckKind.BodyContains, null, "HEAD"), CheckOf(CheckKind.BodyContains, null, "TAIL")],
        };

        var big = (await RunAsync(PlanFor(server.BaseAddress, Journey(vus: 1, iterations: 2, step))))["big"];

        big.Checks.ShouldBe(4);
        big.ChecksFailed.ShouldBe(2);
        big.FailureSamples["check"].ShouldBe(["check 'body contains TAIL' failed: not found in the body"]);
        big.BytesReceived.ShouldBeGreaterThan(2L * Size);
    }
}
