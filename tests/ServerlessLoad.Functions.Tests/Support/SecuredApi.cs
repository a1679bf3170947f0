using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Functions.Tests.Support;

/// <summary>The local host in process with a key, queues of its own and its log captured.</summary>
public sealed class SecuredApi : IDisposable
{
    public SecuredApi(AzuriteFixture azurite, string prefix, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        Factory = new WebApplicationFactory<global::Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Sload:StorageConnectionString", azurite.ConnectionString);
            b.UseSetting("Sload:PngCharts", "false");
            b.UseSetting("Sload:ScheduleTickCron", "off");
            b.UseSetting("Sload:Queues:RunRequests", TestNames.Queue(prefix + "-runreq"));
            b.UseSetting("Sload:Queues:Slices", TestNames.Queue(prefix + "-slices"));
            b.UseSetting("Sload:Queues:SliceEvents", TestNames.Queue(prefix + "-events"));
            b.UseSetting("Sload:Queues:Reports", TestNames.Queue(prefix + "-reports"));
            b.UseSetting("Sload:SchedulesTable", TestNames.Table(prefix + "Schedules"));
            var all = new Dictionary<string, string?> { ["Sload:ApiKey"] = TestApiKey.Value };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                all[key] = value;
            }

            foreach (var (key, value) in all)
            {
                b.UseSetting(key, value);
            }

            b.ConfigureLogging(logging => logging.AddProvider(Logs));
            if (services is not null)
            {
                b.ConfigureTestServices(services);
            }
        });
        Client = Factory.CreateClient().Authorize();
        Anonymous = Factory.CreateClient();
    }

    public WebApplicationFactory<global::Program> Factory { get; }

    public CapturedLogs Logs { get; } = new();

    /// <summary>Sends the key with every request.</summary>
    public HttpClient Client { get; }

    /// <summary>Sends no key.</summary>
    public HttpClient Anonymous { get; }

    public void Dispose()
    {
        Client.Dispose();
        Anonymous.Dispose();
        Factory.Dispose();
    }
}
