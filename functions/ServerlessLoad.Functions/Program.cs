using ServerlessLoad.Functions.AbortOnFail;
using ServerlessLoad.Functions.Api;
using ServerlessLoad.Functions.Hosting;
using ServerlessLoad.Functions.Watchdog;
using ServerlessLoad.Storage.Pipeline;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddPipelineSources(SettingsLoader.FindRepositoryRoot(AppContext.BaseDirectory) ?? Directory.GetCurrentDirectory(), args);
var settings = builder.Configuration.ReadPipelineSettings();
builder.Services.AddPipeline(settings).AddQueueTriggers(settings).AddSchedules(builder.Configuration);
builder.Services.AddWatchdog().AddAbortOnFail();
builder.Services.AddProblemDetails();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapRunsApi();
app.MapSchedulesApi().MapPlansApi();
app.MapCancelRunApi();
app.Run();

/// <summary>Entry point, visible to the in-process API tests.</summary>
public partial class Program;
