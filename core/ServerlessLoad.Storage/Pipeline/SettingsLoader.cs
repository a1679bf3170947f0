using Microsoft.Extensions.Configuration;

namespace ServerlessLoad.Storage.Pipeline;

/// <summary>Builds configuration in the order local.settings.json, environment variables, command line; later wins.</summary>
public static class SettingsLoader
{
    public static IConfigurationBuilder AddPipelineSources(this IConfigurationBuilder builder, string? repositoryRoot, string[] args) =>
        builder
            .AddInMemoryCollection(LocalSettings.Load(repositoryRoot))
            .AddEnvironmentVariables()
            .AddCommandLine(args);

    public static PipelineSettings ReadPipelineSettings(this IConfiguration configuration)
    {
        var settings = new PipelineSettings();
        configuration.GetSection(PipelineSettings.Section).Bind(settings);

        // The Functions convention names the storage account's connection AzureWebJobsStorage.
        var connection = configuration[$"{PipelineSettings.Section}:{nameof(PipelineSettings.StorageConnectionString)}"]
            ?? configuration["AzureWebJobsStorage"];
        if (!string.IsNullOrWhiteSpace(connection))
        {
            settings.StorageConnectionString = connection;
        }

        return settings;
    }

    /// <summary>The directory holding ServerlessLoad.sln above <paramref name="start"/>, where local settings live.</summary>
    public static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ServerlessLoad.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
