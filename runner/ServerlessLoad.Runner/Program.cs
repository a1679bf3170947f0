using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServerlessLoad.Runner;
using ServerlessLoad.Runner.Engine;
using ServerlessLoad.Storage.Pipeline;

// A runner generates load: it runs with the generator's runtime settings however it was launched.
GeneratorRuntime.RestartWithSettings(args);

var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddPipelineSources(SettingsLoader.FindRepositoryRoot(AppContext.BaseDirectory) ?? Directory.GetCurrentDirectory(), args);
var settings = builder.Configuration.ReadPipelineSettings();
TargetGuard.Default = new TargetGuard(settings.AllowedTargetHosts);
builder.Services.AddRunner(settings);
builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);
using var host = builder.Build();

// The stack launcher waits for this file: a runner is ready once its queue listeners run, not when its process exists.
if (Environment.GetEnvironmentVariable("SLOAD_READY_FILE") is { Length: > 0 } readyFile)
{
    host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() => File.WriteAllText(readyFile, $"{Environment.ProcessId}"));
}

// Warm the engine up while the runner waits for its first slice, so a slice's first second is not spent compiling.
_ = EngineWarmUp.EnsureAsync();
_ = Task.Run(SliceWorker.WarmUp);
await host.RunAsync().ConfigureAwait(false);
