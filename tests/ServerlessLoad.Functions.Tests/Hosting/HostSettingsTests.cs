using Microsoft.Extensions.Configuration;
using ServerlessLoad.Functions.Hosting;

namespace ServerlessLoad.Functions.Tests.Hosting;

public sealed class HostSettingsTests
{
    [Fact]
    public void The_apps_host_json_sets_the_queue_semantics_the_pipeline_relies_on()
    {
        var settings = HostSettings.Read(new ConfigurationBuilder().Build(), Path.Combine(Testing.RepoPaths.RepoRoot, "functions", "ServerlessLoad.Functions"));

        settings.ShouldBe(new HostSettings
        {
            BatchSize = 16,
            MaxDequeueCount = 5,
            RetryDelay = TimeSpan.FromSeconds(1),
            MaxPollingInterval = TimeSpan.FromMilliseconds(500),
            RoutePrefix = "",
        });
    }

    [Fact]
    public void App_settings_override_host_json_the_way_the_functions_host_reads_them()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "2",
                ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.250",
            })
            .Build();

        var settings = HostSettings.Read(configuration, Path.Combine(Testing.RepoPaths.RepoRoot, "functions", "ServerlessLoad.Functions"));

        (settings.MaxDequeueCount, settings.MaxPollingInterval, settings.BatchSize).ShouldBe((2, TimeSpan.FromMilliseconds(250), 16));
    }

    [Fact]
    public void Without_host_json_the_functions_hosts_defaults_apply()
    {
        var settings = HostSettings.Parse("""{ "version": "2.0" }""");

        (settings.BatchSize, settings.MaxDequeueCount, settings.RoutePrefix).ShouldBe((16, 5, "api"));
    }
}
