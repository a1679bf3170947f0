using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using ServerlessLoad.Functions.Hosting;
using ServerlessLoad.LocalHost;

namespace ServerlessLoad.Functions.Tests.Hosting;

/// <summary>
/// The functions.metadata the Functions SDK emits is what the Functions host indexes in Azure; the local host reads
/// the same trigger attributes. Both must list the same functions with the same triggers.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private const string Connection = "AzureWebJobsStorage";

    /// <summary>Every function: its trigger type, then queue, route or schedule, methods, auth level and connection.</summary>
    private static readonly Dictionary<string, (string Type, string Target, string? Methods, string? AuthLevel, string? Connection)> Expected = new()
    {
        ["StartRun"] = ("httpTrigger", "api/runs", "post", "Function", null),
        ["ListRuns"] = ("httpTrigger", "api/runs", "get", "Function", null),
        ["GetRun"] = ("httpTrigger", "api/runs/{runId}", "get", "Function", null),
        ["CancelRun"] = ("httpTrigger", "api/runs/{runId}/cancel", "post", "Function", null),
        ["ListArtifacts"] = ("httpTrigger", "api/runs/{runId}/artifacts", "get", "Function", null),
        ["DownloadArtifacts"] = ("httpTrigger", "api/runs/{runId}/artifacts.zip", "get", "Function", null),
        ["GetArtifact"] = ("httpTrigger", "api/runs/{runId}/artifacts/{*name}", "get", "Function", null),
        ["RebuildReport"] = ("httpTrigger", "api/runs/{runId}/report/rebuild", "post", "Function", null),
        ["CreateSchedule"] = ("httpTrigger", "api/schedules", "post", "Function", null),
        ["ListSchedules"] = ("httpTrigger", "api/schedules", "get", "Function", null),
        ["GetSchedule"] = ("httpTrigger", "api/schedules/{name}", "get", "Function", null),
        ["ReplaceSchedule"] = ("httpTrigger", "api/schedules/{name}", "put", "Function", null),
        ["DeleteSchedule"] = ("httpTrigger", "api/schedules/{name}", "delete", "Function", null),
        ["RunScheduleNow"] = ("httpTrigger", "api/schedules/{name}/run-now", "post", "Function", null),
        ["ListPlans"] = ("httpTrigger", "api/plans", "get", "Function", null),
        ["GetPlan"] = ("httpTrigger", "api/plans/{name}", "get", "Function", null),
        ["PutPlan"] = ("httpTrigger", "api/plans/{name}", "put", "Function", null),
        ["DeletePlan"] = ("httpTrigger", "api/plans/{name}", "delete", "Function", null),
        ["Health"] = ("httpTrigger", "healthz", "get", "Anonymous", null),
        ["GetRunLive"] = ("httpTrigger", "api/runs/{runId}/live", "get", "Function", null),
        ["Metrics"] = ("httpTrigger", "metrics", "get", "Function", null),
        ["Dashboard"] = ("httpTrigger", "dashboard", "get", "Anonymous", null),
        ["DashboardAsset"] = ("httpTrigger", "dashboard/assets/{name}", "get", "Anonymous", null),
        ["PlanRun"] = ("queueTrigger", "%Sload:Queues:RunRequests%", null, null, Connection),
        ["CollectSlice"] = ("queueTrigger", "%Sload:Queues:SliceEvents%", null, null, Connection),
        ["BuildReport"] = ("queueTrigger", "%Sload:Queues:Reports%", null, null, Connection),
        ["PlanRunPoisoned"] = ("queueTrigger", "%Sload:Queues:RunRequests%-poison", null, null, Connection),
        ["CollectSlicePoisoned"] = ("queueTrigger", "%Sload:Queues:SliceEvents%-poison", null, null, Connection),
        ["BuildReportPoisoned"] = ("queueTrigger", "%Sload:Queues:Reports%-poison", null, null, Connection),
        ["StartDueSchedules"] = ("timerTrigger", "%Sload:ScheduleTickCron%", null, null, null),
        ["Watchdog"] = ("timerTrigger", "%Sload:WatchdogCron%", null, null, null),
        ["AbortOnFail"] = ("timerTrigger", "%Sload:AbortCheckCron%", null, null, null),
    };

    [Fact]
    public void The_built_functions_metadata_lists_every_function_with_its_trigger()
    {
        var listed = ReadMetadata();

        listed.Keys.Order().ShouldBe(Expected.Keys.Order());
        foreach (var (name, expected) in Expected)
        {
            listed[name].ShouldBe(expected, name);
        }
    }

    [Fact]
    public void The_local_host_reads_the_same_functions_and_triggers_from_the_attributes()
    {
        var catalog = FunctionCatalog.Read(typeof(ServerlessLoadServices).Assembly);

        var fromAttributes = catalog.ToDictionary(
            f => f.Name,
            f => f.Trigger switch
            {
                HttpBinding h => ("httpTrigger", h.Route, string.Join(',', h.Methods).ToLowerInvariant(), h.Level.ToString(), (string?)null),
                QueueBinding q => ("queueTrigger", q.QueueName, null, null, q.Connection),
                TimerBinding t => ("timerTrigger", t.Schedule, (string?)null, (string?)null, (string?)null),
                _ => throw new InvalidOperationException(f.Name),
            });

        fromAttributes.ShouldBe(ReadMetadata(), ignoreOrder: true);
    }

    [Fact]
    public void Every_setting_a_trigger_names_has_a_default_for_the_local_host_and_a_line_in_the_sample_settings()
    {
        var sample = File.ReadAllText(Path.Combine(Testing.RepoPaths.RepoRoot, "functions", "ServerlessLoad.Functions", "local.settings.sample.json"));
        var named = Expected.Values.Select(v => v.Target)
            .SelectMany(t => System.Text.RegularExpressions.Regex.Matches(t, "%([^%]+)%").Select(m => m.Groups[1].Value))
            .Distinct()
            .ToList();

        named.Count.ShouldBe(6);
        named.ShouldAllBe(key => Bindings.Defaults.ContainsKey(key));
        named.ShouldAllBe(key => sample.Contains($"\"{key.Replace(":", "__", StringComparison.Ordinal)}\"", StringComparison.Ordinal));
        sample.ShouldContain("\"FUNCTIONS_WORKER_RUNTIME\": \"dotnet-isolated\"");
    }

    private static Dictionary<string, (string Type, string Target, string? Methods, string? AuthLevel, string? Connection)> ReadMetadata()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        File.Exists(path).ShouldBeTrue("the Functions SDK writes functions.metadata beside the app when it builds");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().ToDictionary(
            f => f.GetProperty("name").GetString()!,
            f =>
            {
                var trigger = f.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
                var type = trigger.GetProperty("type").GetString()!;
                var target = type switch
                {
                    "httpTrigger" => trigger.GetProperty("route").GetString()!,
                    "queueTrigger" => trigger.GetProperty("queueName").GetString()!,
                    _ => trigger.GetProperty("schedule").GetString()!,
                };
                return (
                    type,
                    target,
                    trigger.TryGetProperty("methods", out var methods) ? string.Join(',', methods.EnumerateArray().Select(m => m.GetString())) : null,
                    trigger.TryGetProperty("authLevel", out var level) ? level.GetString() : null,
                    trigger.TryGetProperty("connection", out var connection) ? connection.GetString() : null);
            });
    }
}
