using Microsoft.Extensions.Configuration.Memory;
using ServerlessLoad.Functions.Hosting;
using ServerlessLoad.LocalHost;
using ServerlessLoad.Storage.Pipeline;

// The functions app without the Functions host: the same [Function] methods and services, their triggers read from
// their attributes. `sload up` starts this; where Core Tools are installed, `func start` runs the app itself.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Bindings.Defaults });
builder.Configuration.AddPipelineSources(SettingsLoader.FindRepositoryRoot(AppContext.BaseDirectory) ?? Directory.GetCurrentDirectory(), args);

var functions = FunctionCatalog.Read(typeof(ServerlessLoadServices).Assembly);
builder.Services.AddServerlessLoad(builder.Configuration);
builder.Services.AddFunctionTriggers(functions, builder.Configuration);
builder.Services.AddProblemDetails();
builder.AddLocalApiEdge();

var app = builder.Build();
app.UseLocalApiEdge();
app.UseStatusCodePages();
app.MapHttpFunctions(functions);
app.Logger.LogInformation(
    "Local host: {Http} HTTP, {Queue} queue and {Timer} timer functions from the functions app.",
    functions.Count(f => f.Trigger is HttpBinding),
    functions.Count(f => f.Trigger is QueueBinding),
    functions.Count(f => f.Trigger is TimerBinding));
app.Run();

/// <summary>Entry point, visible to the in-process API tests.</summary>
public partial class Program;
