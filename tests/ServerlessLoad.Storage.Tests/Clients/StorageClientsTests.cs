namespace ServerlessLoad.Storage.Tests.Clients;

public sealed class StorageClientsTests
{
    [Fact]
    public void The_emulator_shorthand_reaches_the_well_known_account_on_loopback()
    {
        var clients = StorageClients.FromConnectionString("UseDevelopmentStorage=true");

        clients.AccountName.ShouldBe(DevelopmentStorage.AccountName);
        clients.GetContainer("plans").Uri.ShouldBe(new Uri("http://127.0.0.1:10000/devstoreaccount1/plans"));
        clients.GetQueue("slices").Uri.ShouldBe(new Uri("http://127.0.0.1:10001/devstoreaccount1/slices"));
    }

    [Fact]
    public void A_connection_string_with_endpoints_sends_every_service_to_its_own_port()
    {
        var clients = StorageClients.FromConnectionString(DevelopmentStorage.ConnectionString(20000, 20001, 20002));

        clients.GetContainer("reports").Uri.ShouldBe(new Uri("http://127.0.0.1:20000/devstoreaccount1/reports"));
        clients.GetQueue("reports").Uri.ShouldBe(new Uri("http://127.0.0.1:20001/devstoreaccount1/reports"));
        clients.GetTable("Runs").Uri.ShouldBe(new Uri("http://127.0.0.1:20002/devstoreaccount1/Runs"));
    }

    [Fact]
    public void An_account_name_with_a_credential_reaches_the_public_endpoints_over_https()
    {
        var clients = StorageClients.FromAccountName("loadtests", new UnusedCredential());

        clients.AccountName.ShouldBe("loadtests");
        clients.GetContainer("plans").Uri.ShouldBe(new Uri("https://loadtests.blob.core.windows.net/plans"));
        clients.GetQueue("slices").Uri.ShouldBe(new Uri("https://loadtests.queue.core.windows.net/slices"));
        clients.GetTable("Runs").Uri.ShouldBe(new Uri("https://loadtests.table.core.windows.net/Runs"));
    }

    [Theory]
    [InlineData("AccountKey=c2VjcmV0LWtleQ==")]
    [InlineData("not a connection string")]
    [InlineData("AccountName=x;AccountKey=%%%;DefaultEndpointsProtocol=https")]
    public void A_malformed_connection_string_is_refused_without_echoing_it(string connectionString)
    {
        var error = Should.Throw<FormatException>(() => StorageClients.FromConnectionString(connectionString));

        error.Message.ShouldContain("connection string is malformed");
        error.Message.ShouldNotContain("c2VjcmV0LWtleQ==");
        error.Message.ShouldNotContain("%%%");
    }

    [Fact]
    public void The_settings_prefer_the_account_name_with_the_managed_identity()
    {
        StorageClients.FromSettings("loadtests", "UseDevelopmentStorage=true").GetQueue("q").Uri.Host.ShouldBe("loadtests.queue.core.windows.net");
        StorageClients.FromSettings(" ", "UseDevelopmentStorage=true").GetQueue("q").Uri.Host.ShouldBe("127.0.0.1");
    }
}
