using System.Text.Json;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Functions.Tests.Fuzz;

/// <summary>What the fuzz suite mutates: every example plan (its data files inlined), and the example schedule.</summary>
internal static class FuzzSeeds
{
    /// <summary>SLOAD_FUZZ_SEED replays or varies a run; the default keeps CI deterministic.</summary>
    public static int Seed => int.TryParse(Environment.GetEnvironmentVariable("SLOAD_FUZZ_SEED"), out var seed) ? seed : 20261205;

    public static IReadOnlyList<string> Plans()
    {
        var examples = Path.Combine(RepoPaths.RepoRoot, "examples");
        var plans = Directory.GetFiles(examples, "*.yaml")
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => File.ReadAllText(f).Replace("{file: users.csv, order: sequential}", "{values: [{user: ann, email: ann@example.com}], order: sequential}", StringComparison.Ordinal))
            .ToList();
        using var schedule = JsonDocument.Parse(File.ReadAllText(Path.Combine(examples, "nightly-schedule.json")));
        plans.Add(schedule.RootElement.GetProperty("plan").GetRawText());
        plans.Add("""
            name: everything
            slices: 2
            targets: {api: http://127.0.0.1:5080, auth: http://localhost:5081}
            load: {executor: ramping-vus, startVUs: 0, stages: [{duration: 10s, target: 4}]}
            scenarios:
              - {name: a, weight: 3, requests: [{name: r, path: "/x?k={{secrets.K}}", target: api, headers: {Authorization: "Bearer {{secrets.T}}"}}]}
              - name: b
                executor: constant-arrival-rate
                rate: 10
                duration: 5s
                preAllocatedVUs: 2
                maxVUs: 4
                thinkTime: {uniform: [1ms, 2ms]}
                steps:
                  - http: {name: login, method: POST, path: /login, target: auth, form: {password: "{{secrets.P}}"}, capture: {token: {json: $.token}}, checks: [{status: [200]}]}
                  - websocket: {name: ws, target: api, path: /ws, actions: [{send: {json: {t: "{{token}}"}}}, {expect: {match: "x", timeout: 1s}}, {close: true}]}
            thresholds:
              - failures.rate < 1%
              - {threshold: latency.p95 < 1s, abortOnFail: true, delayAbortEval: 1s}
            baseline: {tolerance: 5%, gate: true}
            """);
        return plans;
    }

    public static string Schedule() => File.ReadAllText(Path.Combine(RepoPaths.RepoRoot, "examples", "nightly-schedule.json"));
}
