using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServerlessLoad.Functions.Tests.Pipeline;
using ServerlessLoad.Functions.Tests.Support;
using ServerlessLoad.Testing;
using Xunit.Abstractions;

namespace ServerlessLoad.Functions.Tests.Fuzz;

/// <summary>
/// The API's bodies, fuzzed through the local host in process: mutated plans to POST /api/runs and PUT /api/plans,
/// mutated schedules (fields replaced with hostile values and mutated plans) to POST and PUT /api/schedules. Never a
/// 5xx, never an error in the log, never more than 100 MB for one input; a refused input answers within a second. An
/// accepted one writes to Azurite (a plan blob, a row, a message), whose speed is the emulator's, so it gets five.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ApiFuzzTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    public const int Inputs = 1_200;

    private static readonly TimeSpan RefusedLimit = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan AcceptedLimit = TimeSpan.FromSeconds(5);

    private static readonly string[] MediaTypes = ["application/yaml", "application/json", "text/yaml", "application/x-yaml; charset=utf-8", "text/plain", "application/yaml; charset=utf-16"];

    private static readonly string[] Names = ["nightly", "a", "UPPER", "-x", "a b", "../x", new string('n', 64), "ok_name-1", "", "x\u0001y"];

    private static readonly string[] Crons = ["0 0 2 * * *", "* * * * * *", "0 */15 * * * *", "", "61 * * * * *", "0 0 2 * *", "a b c d e f", "0 0 31 2 * *", "*/0 * * * * *"];

    private static readonly string[] Zones = ["UTC", "Europe/Paris", "Nowhere/City", "", "../../etc/localtime", "+01:00"];

    [Fact]
    public async Task No_mutated_body_gets_a_5xx_or_an_error_in_the_log()
    {
        using var api = new SecuredApi(azurite, "fuzz", services: WithoutTriggers);
        var plans = new PlanMutator(FuzzSeeds.Plans(), FuzzSeeds.Seed + 1);
        var random = new Random(FuzzSeeds.Seed + 2);
        var ledger = new FuzzLedger("api");
        var statuses = new Dictionary<int, int>();
        for (var i = 0; i < Inputs; i++)
        {
            var request = NewRequest(i, plans, random, out var input);
            var status = 0;
            var (took, allocated, broken) = await FuzzLedger.MeasureAsync(
                async () =>
                {
                    using var response = await api.Client.SendAsync(request);
                    status = (int)response.StatusCode;
                    _ = await response.Content.ReadAsByteArrayAsync();
                    return status >= 500 ? $"answered {status}" : null;
                },
                process: true);
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            ledger.Record(i, input, took, allocated, status is >= 200 and < 300 ? AcceptedLimit : RefusedLimit, broken);
            request.Dispose();
        }

        output.WriteLine($"{ledger.Summary}; statuses {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}");
        ledger.Failures.ShouldBeEmpty(ledger.Summary);
        api.Logs.Lines.Where(l => l.Level >= LogLevel.Error).Select(l => l.Message).ShouldBeEmpty();
        statuses.Keys.Count(s => s is >= 200 and < 300).ShouldBeGreaterThan(0, "some inputs should be accepted, or the paths behind validation go untested");
    }

    private static HttpRequestMessage NewRequest(int i, PlanMutator plans, Random random, out string input)
    {
        switch (i % 4)
        {
            case 0 or 1:
                input = plans.Next();
                var content = new StringContent(input, Encoding.UTF8);
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(MediaTypes[random.Next(MediaTypes.Length)]);
                return i % 4 == 0
                    ? new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = content }
                    : new HttpRequestMessage(HttpMethod.Put, $"/api/plans/fuzz-{i % 7}") { Content = content };
            default:
                input = Schedule(plans, random);
                var json = new StringContent(input, Encoding.UTF8, "application/json");
                return i % 4 == 2
                    ? new HttpRequestMessage(HttpMethod.Post, "/api/schedules") { Content = json }
                    : new HttpRequestMessage(HttpMethod.Put, $"/api/schedules/fuzz-{i % 5}") { Content = json };
        }
    }

    /// <summary>The example schedule with some fields replaced, dropped or retyped, its plan mutated or named.</summary>
    private static string Schedule(PlanMutator plans, Random random)
    {
        var fields = new Dictionary<string, object?>
        {
            ["name"] = random.Next(3) == 0 ? Names[random.Next(Names.Length)] : $"fuzz-{random.Next(5)}",
            ["cron"] = Crons[random.Next(Crons.Length)],
            ["timeZone"] = Zones[random.Next(Zones.Length)],
            ["enabled"] = random.Next(4) switch { 0 => "yes", 1 => null, _ => random.Next(2) == 0 },
        };
        switch (random.Next(4))
        {
            case 0:
                fields["planName"] = Names[random.Next(Names.Length)];
                break;
            case 1:
                fields["plan"] = 42;
                fields["planName"] = "both";
                break;
            default:
                fields["plan"] = plans.Next();
                break;
        }

        if (random.Next(5) == 0)
        {
            fields["colour"] = new[] { 1, 2, 3 };
        }

        if (random.Next(5) == 0)
        {
            fields.Remove(fields.Keys.ElementAt(random.Next(fields.Count)));
        }

        var text = JsonSerializer.Serialize(fields);
        return random.Next(10) == 0 ? text[..random.Next(text.Length)] : text;
    }

    /// <summary>The host without its queue and timer triggers: only what the API does is under test.</summary>
    private static void WithoutTriggers(IServiceCollection services)
    {
        foreach (var trigger in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationFactory is not null).ToList())
        {
            services.Remove(trigger);
        }
    }
}
