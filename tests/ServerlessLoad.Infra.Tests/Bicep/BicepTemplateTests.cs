using System.Text.Json.Nodes;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Infra.Tests.Bicep;

/// <summary>
/// infra/bicep compiles and lints without a single warning (an unknown property, an API version the compiler has no
/// types for, a linter rule) and deploys what the pipeline uses.
/// </summary>
public sealed class BicepTemplateTests
{
    private static readonly string BicepDirectory = Path.Combine(RepoPaths.RepoRoot, "infra", "bicep");

    private static readonly Lazy<Task<BicepResult>> Built = new(() => BicepCli.RunAsync("build", Path.Combine(BicepDirectory, "main.bicep"), "--stdout"));

    public static TheoryData<string> BicepFiles()
    {
        var files = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(BicepDirectory, "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            files.Add(Path.GetRelativePath(BicepDirectory, file));
        }

        return files;
    }

    [Fact]
    public async Task Main_bicep_builds_an_ARM_template_without_a_warning()
    {
        var result = await Built.Value;

        result.ExitCode.ShouldBe(0, result.Diagnostics);
        result.Problems.ShouldBeEmpty();
        JsonNode.Parse(result.Output)!["$schema"]!.GetValue<string>().ShouldContain("deploymentTemplate.json");
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public async Task Every_bicep_file_passes_the_linter_without_a_warning(string file)
    {
        var result = await BicepCli.RunAsync("lint", Path.Combine(BicepDirectory, file));

        result.ExitCode.ShouldBe(0, result.Diagnostics);
        result.Problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_compiler_reports_an_unknown_property_so_the_checks_can_fail()
    {
        var directory = Directory.CreateTempSubdirectory("sload-bicep-");
        try
        {
            var file = Path.Combine(directory.FullName, "typo.bicep");
            await File.WriteAllTextAsync(file, """
                resource queue 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = {
                  name: 'st/default/slices'
                  properties: { metadatas: {} }
                }
                """);

            var result = await BicepCli.RunAsync("build", file, "--stdout");

            var problem = result.Problems.ShouldHaveSingleItem();
            problem.ShouldContain(": Warning BCP");
            problem.ShouldContain("\"metadatas\" is not allowed");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_template_deploys_the_pipelines_storage_the_flex_consumption_app_and_the_runner_job()
    {
        var template = JsonNode.Parse((await Built.Value).Output)!;
        var resources = Resources(template).ToList();
        var types = resources.Select(r => r["type"]!.GetValue<string>()).ToHashSet(StringComparer.OrdinalIgnoreCase);

        new[]
        {
            "Microsoft.Storage/storageAccounts", "Microsoft.Storage/storageAccounts/queueServices/queues",
            "Microsoft.Storage/storageAccounts/tableServices/tables", "Microsoft.Storage/storageAccounts/blobServices/containers",
            "Microsoft.Web/serverfarms", "Microsoft.Web/sites", "Microsoft.Web/sites/config", "Microsoft.App/managedEnvironments",
            "Microsoft.App/jobs", "Microsoft.ManagedIdentity/userAssignedIdentities", "Microsoft.Authorization/roleAssignments",
            "Microsoft.OperationalInsights/workspaces", "Microsoft.Insights/components", "Microsoft.ContainerRegistry/registries",
        }.ShouldBeSubsetOf(types);

        var storageVariables = Deployment(template, "storage")["variables"]!;
        storageVariables["queues"]!.AsArray().Select(q => q!.GetValue<string>()).ShouldBe(QueueNames.All);
        storageVariables["tables"]!.AsArray().Select(q => q!.GetValue<string>()).ShouldBe(["Runs", "Slices", "Intervals", "Schedules"]);
        storageVariables["containers"]!.AsArray().Select(q => q!.GetValue<string>()).ShouldBe(["plans", "reports", "report-stages", "locks", "app-package"]);
        Single(resources, "Microsoft.Storage/storageAccounts")["properties"]!["allowSharedKeyAccess"]!.GetValue<bool>().ShouldBeFalse();

        var plan = Single(resources, "Microsoft.Web/serverfarms");
        (plan["sku"]!["tier"]!.GetValue<string>(), plan["sku"]!["name"]!.GetValue<string>()).ShouldBe(("FlexConsumption", "FC1"));
        var runtime = Single(resources, "Microsoft.Web/sites")["properties"]!["functionAppConfig"]!["runtime"]!;
        runtime["name"]!.GetValue<string>().ShouldBe("dotnet-isolated");
        var appSettings = Single(resources, "Microsoft.Web/sites/config")["properties"]!.AsObject().Select(p => p.Key).ToList();
        appSettings.ShouldContain("AzureWebJobsStorage__accountName");
        appSettings.ShouldContain("Sload__StorageAccountName");
        appSettings.ShouldNotContain("FUNCTIONS_WORKER_RUNTIME", "Flex Consumption takes the runtime from functionAppConfig");

        var job = Single(resources, "Microsoft.App/jobs")["properties"]!;
        job["configuration"]!["triggerType"]!.GetValue<string>().ShouldBe("Event");
        var rule = job["configuration"]!["eventTriggerConfig"]!["scale"]!["rules"]!.AsArray().ShouldHaveSingleItem()!;
        rule["type"]!.GetValue<string>().ShouldBe("azure-queue");
        rule["identity"].ShouldNotBeNull("the scaler reads the queue with the managed identity, not a key");
        rule["metadata"]!["queueLength"]!.GetValue<string>().ShouldBe("1");
        job["template"]!["containers"]![0]!["env"]!.AsArray().ShouldContain(e => e!["name"]!.GetValue<string>() == "Sload__RunnerMode" && e["value"]!.GetValue<string>() == "job");

        var granted = Deployment(template, "identity")["variables"]!["roles"]!.AsObject().Select(r => r.Value!.GetValue<string>()).ToList();
        new[] { "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3" }.ShouldBeSubsetOf(granted);
    }

    /// <summary>Every resource of the template, those of its modules (nested deployments) included.</summary>
    private static IEnumerable<JsonObject> Resources(JsonNode template)
    {
        var resources = template["resources"] switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            JsonObject map => map.Select(p => p.Value).OfType<JsonObject>(),
            _ => [],
        };
        foreach (var resource in resources)
        {
            yield return resource;
            if (resource["properties"]?["template"] is { } nested)
            {
                foreach (var inner in Resources(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    private static JsonNode Deployment(JsonNode template, string module) =>
        Resources(template).Single(r => r["type"]!.GetValue<string>() == "Microsoft.Resources/deployments" && r["name"]!.GetValue<string>() == module)["properties"]!["template"]!;

    private static JsonObject Single(IEnumerable<JsonObject> resources, string type) =>
        resources.Single(r => string.Equals(r["type"]!.GetValue<string>(), type, StringComparison.OrdinalIgnoreCase));
}
