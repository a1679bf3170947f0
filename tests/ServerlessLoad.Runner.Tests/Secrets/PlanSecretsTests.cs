using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ServerlessLoad.Cli.Target;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Runner.Engine;
using ServerlessLoad.Runner.Secrets;
using ServerlessLoad.Runner.Tests.Engine.Steps;
using ServerlessLoad.Runner.Tests.Support;

namespace ServerlessLoad.Runner.Tests.Secrets;

/// <summary>Secrets are filled in in memory from the runner's settings, escaped where they go, and never recorded.</summary>
public sealed class PlanSecretsTests
{
    private const string Token = "tok+en/\"quoted\"&more";

    [Fact]
    public async Task A_secret_reaches_the_target_in_headers_queries_and_json_bodies_of_requests_and_steps()
    {
        await using var server = await StepServer.StartAsync((context, _) => context.Response.WriteAsync("ok"));
        var plan = PlanParser.Parse($$$"""
            name: secrets
            target: {{{server.BaseAddress}}}
            scenarios:
              - name: r
                executor: shared-iterations
                vus: 1
                iterations: 1
                requests:
                  - {name: req, method: POST, path: "/r?k={{secrets.TOKEN}}", headers: {Authorization: "Bearer {{secrets.TOKEN}}"}, json: {t: "{{secrets.TOKEN}}"}}
              - name: s
                executor: shared-iterations
                vus: 1
                iterations: 1
                steps:
                  - http: {name: step, method: POST, path: /s, query: {k: "{{secrets.TOKEN}}"}, headers: {X-Api-Key: "{{secrets.TOKEN}}"}, json: {t: "{{secrets.TOKEN}}"}}
            """).Plan!;

        var resolved = PlanSecrets.Resolve(plan, new Dictionary<string, string> { ["TOKEN"] = Token });
        var results = await StepRuns.RunAsync(resolved);

        results["req"].Failures.ShouldBe(0);
        results["step"].Failures.ShouldBe(0);
        var request = server.To("/r").ShouldHaveSingleItem();
        request.Query["k"].ShouldBe(Token);
        request.Headers["Authorization"].ShouldBe($"Bearer {Token}");
        JsonDocument.Parse(request.Body).RootElement.GetProperty("t").GetString().ShouldBe(Token);
        var step = server.To("/s").ShouldHaveSingleItem();
        step.Query["k"].ShouldBe(Token);
        step.Headers["X-Api-Key"].ShouldBe(Token);
        JsonDocument.Parse(step.Body).RootElement.GetProperty("t").GetString().ShouldBe(Token);
        plan.Scenarios[0].Requests[0].Path.ShouldBe("/r?k={{secrets.TOKEN}}");
    }

    [Fact]
    public void A_missing_secret_is_named_and_its_setting_given()
    {
        var plan = PlanParser.Parse("""
            name: missing
            target: http://127.0.0.1:5080
            scenarios:
              - {name: r, vus: 1, duration: 1s, requests: [{path: /, headers: {X-Key: "{{secrets.NOPE}}"}}]}
            """).Plan!;

        var missing = Should.Throw<MissingSecretsException>(() => PlanSecrets.Resolve(plan, new Dictionary<string, string>()));

        missing.Names.ShouldBe(["NOPE"]);
        missing.Message.ShouldContain("Sload__Secrets__NOPE");
    }

    [Fact]
    public void A_plan_without_references_is_left_as_it_is()
    {
        var plan = PlanParser.Parse("""
            name: none
            target: http://127.0.0.1:5080
            scenarios:
              - {name: r, vus: 1, duration: 1s, requests: [{path: /}]}
            """).Plan!;

        PlanSecrets.Resolve(plan, new Dictionary<string, string>()).ShouldBeSameAs(plan);
    }

    [Fact]
    public async Task A_failure_sample_that_quotes_a_secret_is_scrubbed_before_it_is_recorded()
    {
        await using var target = await DemoTarget.StartAsync(new DemoTargetOptions(), CancellationToken.None);
        var plan = PlanParser.Parse($$$"""
            name: scrub
            target: {{{target.BaseAddress}}}
            scenarios:
              - {name: r, executor: shared-iterations, vus: 1, iterations: 2, requests: [{name: bad, path: "/status/500?api_key={{secrets.KEY}}"}]}
            """).Plan!;
        var resolved = PlanSecrets.Resolve(plan, new Dictionary<string, string> { ["KEY"] = "key-value-4242" });
        var startAt = DateTimeOffset.UtcNow.AddMilliseconds(150);
        var recorder = new SliceRecorder(startAt, TimeProvider.System) { Scrubber = SecretScrubber.For(resolved) };

        await SliceExecution.RunAsync(new SliceContext(resolved, 0, 1, startAt, recorder, TimeProvider.System), CancellationToken.None);
        var samples = StepRuns.Merge(recorder.TakeAll("run", 0, 1))["bad"].FailureSamples.Values.SelectMany(s => s).ToList();

        samples.ShouldNotBeEmpty();
        samples.ShouldAllBe(s => !s.Contains("key-value-4242"));
        samples.ShouldContain(s => s.Contains("api_key=***", StringComparison.Ordinal));
    }

    [Fact]
    public void The_scrubber_catches_encoded_forms_and_leaves_short_values_alone()
    {
        var scrubber = new SecretScrubber(["a b/c\"d", "xyz"]);

        scrubber.Scrub("raw a b/c\"d url a%20b%2Fc%22d json a b/c\\\"d").ShouldBe("raw *** url *** json ***");
        scrubber.Scrub("xyz").ShouldBe("xyz");
    }
}
