using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServerlessLoad.Runner;
using ServerlessLoad.Storage.Pipeline;

var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddPipelineSources(SettingsLoader.FindRepositoryRoot(AppContext.BaseDirectory) ?? Directory.GetCurrentDirectory(), args);
var settings = builder.Configuration.ReadPipelineSettings();
builder.Services.AddRunner(settings);
builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);
await builder.Build().RunAsync().ConfigureAwait(false);
