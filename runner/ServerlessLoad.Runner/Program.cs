using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServerlessLoad.Runner;
using ServerlessLoad.Runner.Engine;
using ServerlessLoad.Storage.Pipeline;
using ServerlessLoad.Storage.Triggers;
using ServerlessLoad.Telemetry;

// A runner generates load: it runs with the generator's runtime settings however it was launched.
GeneratorRuntime.RestartWithSettings(args);

var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddPipelineSources(SettingsLoader.FindRepositoryRoot(AppContext.BaseDirectory) ?? Directory.GetCurrentDirectory(), args);
var settings = builder.Configuration.ReadPipelineSettings();
TargetGuard.Default = new TargetGuard(settings.AllowedTargetHosts);
builder.Services.AddRunner(settings);
builder.Services.AddPipelineTelemetry(builder.Configuration, "sload-runner");
builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);
using var host = builder.Build();

// The stack launcher waits for this file: a runner is ready once its queue listeners run, not when its process exists.
if (Environment.GetEnvironmentVariable("SLOAD_READY_FILE") is { Length: > 0 } readyFile)
{
    host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() => File.WriteAllText(readyFile, $"{Environment.ProcessId}"));
}

// Warm the engine up while the runner waits for its first slice, so a slice's first second is not spent compiling; a
// slice is claimed (and counts as ready at its run's start barrier) only once this is done.
_ = EngineWarmUp.EnsureAsync();

_ = Task.Run(SliceWorker.WarmUp);

// A test or benchmark can make the runner as slow to become ready as a container's cold start.
if (settings.SimulatedColdStartSeconds > 0)
{
    await Task.Delay(TimeSpan.FromSeconds(settings.SimulatedColdStartSeconds)).ConfigureAwait(false);
}

if (!settings.IsJobRunner)
{
    await host.RunAsync().ConfigureAwait(false);
    return;
}

// A job: the process ends once its listener took one slice and ran it (or found none), as a Container Apps job or a
// KEDA ScaledJob expects; SIGTERM still stops it the usual way (the slice continues elsewhere).
await host.StartAsync().ConfigureAwait(false);
var listener = host.Services.GetServices<IHostedService>().OfType<QueueListener>().Single();
var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
_ = (listener.ExecuteTask ?? Task.CompletedTask).ContinueWith(_ => lifetime.StopApplication(), TaskScheduler.Default);
await host.WaitForShutdownAsync().ConfigureAwait(false);
