namespace ServerlessLoad.Storage.Tests;

public sealed class StorageAccountTests
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public void Development_storage_uses_the_emulator_account_on_its_default_ports()
    {
        var account = StorageAccount.Parse("UseDevelopmentStorage=true");

        account.AccountName.ShouldBe("devstoreaccount1");
        account.BlobEndpoint.ShouldBe(new Uri("http://127.0.0.1:10000/devstoreaccount1"));
        account.QueueEndpoint.ShouldBe(new Uri("http://127.0.0.1:10001/devstoreaccount1"));
        account.TableEndpoint.ShouldBe(new Uri("http://127.0.0.1:10002/devstoreaccount1"));
        account.HasAccountKey.ShouldBeTrue();
    }

    [Fact]
    public void Development_storage_with_a_proxy_uses_the_proxy_host()
    {
        var account = StorageAccount.Parse("UseDevelopmentStorage=true;DevelopmentStorageProxyUri=http://azurite.local");

        account.QueueEndpoint.ShouldBe(new Uri("http://azurite.local:10001/devstoreaccount1"));
    }

    [Fact]
    public void Account_name_and_key_give_the_public_endpoints_for_the_suffix()
    {
        var account = StorageAccount.Parse($"DefaultEndpointsProtocol=https;AccountName=loadprod;AccountKey={Key};EndpointSuffix=core.chinacloudapi.cn");

        account.AccountName.ShouldBe("loadprod");
        account.BlobEndpoint.ShouldBe(new Uri("https://loadprod.blob.core.chinacloudapi.cn"));
        account.QueueEndpoint.ShouldBe(new Uri("https://loadprod.queue.core.chinacloudapi.cn"));
        account.TableEndpoint.ShouldBe(new Uri("https://loadprod.table.core.chinacloudapi.cn"));
    }

    [Fact]
    public void Defaults_are_https_and_core_windows_net_and_keys_are_case_insensitive()
    {
        var account = StorageAccount.Parse($" accountname = loadprod ; ACCOUNTKEY={Key} ;");

        account.TableEndpoint.ShouldBe(new Uri("https://loadprod.table.core.windows.net"));
    }

    [Fact]
    public void Explicit_endpoints_override_the_derived_ones()
    {
        var account = StorageAccount.Parse(
            $"AccountName=devstoreaccount1;AccountKey={Key};BlobEndpoint=http://127.0.0.1:4000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:4001/devstoreaccount1;TableEndpoint=http://127.0.0.1:4002/devstoreaccount1");

        account.BlobEndpoint.ShouldBe(new Uri("http://127.0.0.1:4000/devstoreaccount1"));
        account.QueueEndpoint.ShouldBe(new Uri("http://127.0.0.1:4001/devstoreaccount1"));
        account.TableEndpoint.ShouldBe(new Uri("http://127.0.0.1:4002/devstoreaccount1"));
    }

    [Fact]
    public void The_development_connection_string_parses_back_to_its_ports()
    {
        var account = StorageAccount.Parse(StorageAccount.DevelopmentConnectionString(41000, 41001, 41002, "localhost"));

        account.AccountName.ShouldBe("devstoreaccount1");
        account.BlobEndpoint.ShouldBe(new Uri("http://localhost:41000/devstoreaccount1"));
        account.QueueEndpoint.Port.ShouldBe(41001);
        account.TableEndpoint.Port.ShouldBe(41002);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("AccountName=a", "AccountKey")]
    [InlineData("AccountKey=" + Key, "AccountName")]
    [InlineData("AccountName=a;AccountKey=" + Key + ";Colour=blue", "Colour")]
    [InlineData("AccountName=a;AccountKey=" + Key + ";BlobEndpoint=not a uri", "BlobEndpoint")]
    [InlineData("AccountName=a;AccountKey=" + Key + ";DefaultEndpointsProtocol=ftp", "DefaultEndpointsProtocol")]
    [InlineData("UseDevelopmentStorage=false", "UseDevelopmentStorage")]
    [InlineData("UseDevelopmentStorage=true;AccountName=x", "AccountName")]
    [InlineData("AccountName=a;AccountName=b;AccountKey=" + Key, "twice")]
    [InlineData("BlobEndpoint=https://x.blob.core.windows.net;SharedAccessSignature=sv=2021", "SharedAccessSignature")]
    public void Bad_connection_strings_fail_with_a_message_naming_the_problem(string connectionString, string named)
    {
        var error = Should.Throw<FormatException>(() => StorageAccount.Parse(connectionString));

        error.Message.ShouldContain(named);
    }

    [Fact]
    public void A_malformed_key_is_reported_without_echoing_it()
    {
        const string secretLooking = "not*base64*but*secret";

        var error = Should.Throw<FormatException>(() => StorageAccount.Parse($"AccountName=a;AccountKey={secretLooking}"));

        error.Message.ShouldContain("AccountKey");
        error.Message.ShouldNotContain(secretLooking);
    }

    [Fact]
    public void Error_messages_from_other_settings_never_contain_the_key()
    {
        var error = Should.Throw<FormatException>(() => StorageAccount.Parse($"AccountName=a;AccountKey={Key};Bogus=1"));

        error.Message.ShouldNotContain(Key);
    }

    [Fact]
    public void The_account_description_does_not_reveal_the_key()
    {
        StorageAccount.Parse($"AccountName=a;AccountKey={Key}").ToString().ShouldNotContain(Key);
    }

    [Fact]
    public void A_credential_account_uses_the_public_endpoints_and_has_no_key()
    {
        var account = StorageAccount.FromCredential("loadprod", new UnusedCredential());

        account.QueueEndpoint.ShouldBe(new Uri("https://loadprod.queue.core.windows.net"));
        account.HasAccountKey.ShouldBeFalse();
    }
}
