using Azure.Data.Tables;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Storage.Tests.Testing;

public sealed class AzuriteFixtureTests
{
    // One test covers the whole lifecycle because each Azurite start costs seconds on a busy machine.
    [Fact]
    public async Task An_on_disk_azurite_keeps_its_data_across_an_outage_and_is_gone_after_dispose()
    {
        var azurite = await AzuriteFixture.StartAsync(AzuriteStorageMode.OnDisk);
        var storage = StorageClients.FromConnectionString(azurite.ConnectionString, retry => retry.MaxRetries = 0);
        var table = storage.GetTable(TestNames.Table("outage"));
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Kept"] = "yes" });
        var ports = (azurite.BlobPort, azurite.QueuePort, azurite.TablePort);
        var workDirectory = Path.GetDirectoryName(azurite.DataDirectory)!;

        await azurite.StopAsync();
        var outage = await Should.ThrowAsync<Exception>(() => table.GetEntityAsync<TableEntity>("p", "r"));
        await azurite.StartAgainAsync();
        var afterRestart = (await table.GetEntityAsync<TableEntity>("p", "r")).Value;
        var portsAfterRestart = (azurite.BlobPort, azurite.QueuePort, azurite.TablePort);
        azurite.Dispose();

        StorageFailure.IsUnavailable(outage, CancellationToken.None).ShouldBeTrue(outage.ToString());
        portsAfterRestart.ShouldBe(ports);
        afterRestart.GetString("Kept").ShouldBe("yes");
        azurite.IsRunning.ShouldBeFalse();
        Directory.Exists(workDirectory).ShouldBeFalse();
        (await TestPorts.AcceptsConnectionsAsync(ports.TablePort)).ShouldBeFalse();
    }

    [Fact]
    public void Free_ports_are_distinct_and_unprivileged()
    {
        var ports = TestPorts.GetFree(5);

        ports.Distinct().Count().ShouldBe(5);
        ports.ShouldAllBe(p => p > 1024);
    }

    [Fact]
    public void Test_names_are_unique_and_valid_for_their_resource()
    {
        var queues = Enumerable.Range(0, 50).Select(_ => TestNames.Queue("My_Queue--Test")).ToList();
        var tables = Enumerable.Range(0, 50).Select(_ => TestNames.Table("9 runs")).ToList();
        var containers = Enumerable.Range(0, 50).Select(_ => TestNames.Container("-Reports-")).ToList();
        var storage = StorageClients.FromConnectionString("UseDevelopmentStorage=true");

        queues.Distinct().Count().ShouldBe(50);
        tables.Distinct().Count().ShouldBe(50);
        containers.Distinct().Count().ShouldBe(50);
        queues.ShouldAllBe(name => name.StartsWith("my-queue-test-", StringComparison.Ordinal) && name.Length <= 63);
        tables.ShouldAllBe(name => name.StartsWith("t9runs", StringComparison.Ordinal) && name.All(char.IsAsciiLetterOrDigit));
        containers.ShouldAllBe(name => name.StartsWith("reports-", StringComparison.Ordinal) && !name.Contains("--", StringComparison.Ordinal));
        storage.GetQueue(queues[0]).Name.ShouldBe(queues[0]);
    }

    [Fact]
    public void The_repository_root_holds_the_solution()
    {
        File.Exists(Path.Combine(RepoPaths.RepoRoot, "ServerlessLoad.sln")).ShouldBeTrue();
    }

    [Fact]
    public async Task A_tracked_process_captures_output_and_is_killed_on_dispose()
    {
        var tracker = ProcessTracker.Start("sh", ["-c", "echo ready; echo oops >&2; sleep 30"]);

        var ready = await tracker.WaitForOutputAsync("ready", TimeSpan.FromSeconds(10));
        await tracker.WaitForOutputAsync("oops", TimeSpan.FromSeconds(5));
        tracker.Dispose();

        ready.ShouldBeTrue();
        tracker.StandardError.ShouldContain("oops");
        tracker.HasExited.ShouldBeTrue();
    }
}
