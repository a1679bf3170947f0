using System.Text;
using System.Text.Json;
using ServerlessLoad.Testing;
using Xunit.Abstractions;

namespace ServerlessLoad.EndToEnd.Tests.Security;

/// <summary>
/// The proof that secrets are never stored: a run on the real local stack (Azurite with its data on disk, the functions
/// host, a runner) of a plan that uses a secret by reference and literal credentials of every kind; then every byte of
/// Azurite's data folder (blobs, table entities, queue messages; raw, base64, URL- and JSON-encoded forms), every
/// downloaded artifact and every log file is searched for each value, and for the stack's API key. None is found,
/// while the target did receive the secret's value.
/// </summary>
public sealed class SecretsNeverStoredTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Secret = "sref-5b9c1d7e3f2a4b6c8d0e1f3a5b7c9d1e";

    private static readonly string[] Literals =
    [
        "lit-bearer-0f5b6c7d8e9f0a1b2c3d", "lit-apikey-6b1d2e9f0a1b2c3d4e5f", "lit-custom-7c2e3f4a5b6c7d8e9f0a",
        "lit-password-8d3f4a5b6c7d8e9f0a1b", "lit-query-9e4a5b6c7d8e9f0a1b2c", "lit-form-1a2b3c4d5e6f7a8b9c0d",
    ];

    private readonly string state = Directory.CreateTempSubdirectory("sload-secrets-").FullName;
    private RecordingTarget target = null!;
    private CliProcess cli = null!;

    public async Task InitializeAsync()
    {
        target = await RecordingTarget.StartAsync();
        cli = new CliProcess(RepoPaths.RepoRoot, state, new Dictionary<string, string>
        {
            ["Sload__LeadTimeSeconds"] = "1",
            ["Sload__PngCharts"] = "false",
            ["Sload__Secrets__API_TOKEN"] = Secret,
        });
    }

    public async Task DisposeAsync()
    {
        await cli.RunAsync(TimeSpan.FromSeconds(60), "down");
        StackPids.KillLeftovers(state);
        await target.DisposeAsync();
        Directory.Delete(state, recursive: true);
    }

    [Fact]
    public async Task No_secret_value_or_key_is_in_storage_artifacts_or_logs_after_a_run()
    {
        var (upCode, upText) = await cli.RunAsync(TimeSpan.FromSeconds(120), "up", "--runners", "1");
        upCode.ShouldBe(0, upText);
        var apiKey = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(state, "stack.json"))).RootElement.GetProperty("apiKey").GetString()!;
        apiKey.Length.ShouldBeGreaterThan(30);
        var plan = Path.Combine(state, "secrets.yaml");
        await File.WriteAllTextAsync(plan, $$$"""
            name: secrets
            target: {{{target.BaseAddress.ToString().TrimEnd('/')}}}
            scenarios:
              - name: by-reference
                executor: shared-iterations
                vus: 1
                iterations: 2
                requests:
                  - name: by-reference
                    path: "/ok?token={{secrets.API_TOKEN}}"
                    headers: {Authorization: "Bearer {{secrets.API_TOKEN}}"}
              - name: failing
                executor: shared-iterations
                vus: 1
                iterations: 2
                requests:
                  - name: failing
                    path: "/status/500?token={{secrets.API_TOKEN}}"
                    expect: [200]
              - name: literals
                executor: shared-iterations
                vus: 1
                iterations: 2
                requests:
                  - path: "/ok?api_key={{{Literals[4]}}}"
                    headers: {Authorization: "Bearer {{{Literals[0]}}}", X-Api-Key: "{{{Literals[1]}}}", X-Custom-Auth: "{{{Literals[2]}}}"}
              - name: login
                executor: shared-iterations
                vus: 1
                iterations: 2
                requests:
                  - name: login
                    method: POST
                    path: /login
                    json: {user: ann, password: "{{{Literals[3]}}}", token: "{{secrets.API_TOKEN}}"}
              - name: journey
                executor: shared-iterations
                vus: 1
                iterations: 2
                steps:
                  - http: {name: form, method: POST, path: /form, form: {user: bob, passwd: "{{{Literals[5]}}}", key: "{{secrets.API_TOKEN}}"}}
                  - http: {name: echo, method: POST, path: /status/500, json: {t: "{{secrets.API_TOKEN}}"}, checks: [{body: {contains: never-there}}]}
            """);
        var outDir = Path.Combine(state, "out");

        var (code, text) = await cli.RunAsync(TimeSpan.FromSeconds(180), "run", plan, "--wait", "--out", outDir);
        output.WriteLine(text);
        var (downCode, downText) = await cli.RunAsync(TimeSpan.FromSeconds(60), "down");
        downCode.ShouldBe(0, downText);

        // The run happened, and the secret reached the target while the literals went as the mask.
        ((int)code).ShouldBeOneOf([0, 1], text);
        var received = string.Join("\n---\n", target.Received);
        received.ShouldContain($"Authorization: Bearer {Secret}");
        received.ShouldContain($"token={Secret}");
        received.ShouldContain($"\"token\":\"{Secret}\"");
        received.ShouldContain("X-Api-Key: ***");
        Literals.ShouldAllBe(literal => !received.Contains(literal, StringComparison.Ordinal));

        // Every place the run could have left a value: Azurite's data, the artifacts, the logs, what the CLI printed.
        var files = Directory.GetFiles(state, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith("secrets.yaml", StringComparison.Ordinal)).ToList();
        files.ShouldContain(f => f.Contains(Path.Combine("out", ""), StringComparison.Ordinal) && f.EndsWith("report.json", StringComparison.Ordinal));
        files.ShouldContain(f => f.Contains("azurite", StringComparison.Ordinal));
        var haystacks = files.Select(f => (File: f, Bytes: File.ReadAllBytes(f))).Append((File: "cli output", Bytes: Encoding.UTF8.GetBytes(text))).ToList();
        output.WriteLine($"searched {haystacks.Count} files, {haystacks.Sum(h => h.Bytes.Length) / 1024} KiB");

        // Positive controls: the search finds what is there (the reference, as the stored plan keeps it), and Azurite
        // saved its tables and queues to disk (the run's row and messages name the run).
        haystacks.ShouldContain(h => Forms("{{secrets.API_TOKEN}}").Any(form => Contains(h.Bytes, form)));
        var runId = Path.GetFileName(Directory.GetDirectories(outDir).ShouldHaveSingleItem());
        haystacks.Where(h => h.File.Contains("azurite", StringComparison.Ordinal) && h.File.Contains("table", StringComparison.Ordinal))
            .ShouldContain(h => Contains(h.Bytes, Encoding.UTF8.GetBytes(runId)), "Azurite's table data on disk");
        haystacks.Where(h => h.File.Contains("azurite", StringComparison.Ordinal) && h.File.Contains("queue", StringComparison.Ordinal))
            .ShouldContain(h => Forms(runId).Any(form => Contains(h.Bytes, form)), "Azurite's queue data on disk");
        foreach (var value in Literals.Append(Secret).Append(apiKey))
        {
            var found = haystacks.Where(h => Forms(value).Any(form => Contains(h.Bytes, form))).Select(h => h.File).ToList();
            found.ShouldBeEmpty($"{value[..8]}... was found in {string.Join(", ", found)}");
        }
    }

    /// <summary>The value as bytes in every encoding a store might hold it in: UTF-8, UTF-16, URL- and JSON-escaped, and base64 at each alignment.</summary>
    private static IEnumerable<byte[]> Forms(string value)
    {
        var utf8 = Encoding.UTF8.GetBytes(value);
        yield return utf8;
        yield return Encoding.Unicode.GetBytes(value);
        yield return Encoding.UTF8.GetBytes(Uri.EscapeDataString(value));
        yield return Encoding.UTF8.GetBytes(JsonEncodedText.Encode(value).ToString());
        for (var offset = 0; offset < 3; offset++)
        {
            var encoded = Convert.ToBase64String([.. new byte[offset], .. utf8]);
            var stable = encoded[(offset == 0 ? 0 : 4)..^4];
            if (stable.Length >= 12)
            {
                yield return Encoding.ASCII.GetBytes(stable);
            }
        }
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
