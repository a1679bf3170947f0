using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ServerlessLoad.Telemetry;

/// <summary>
/// Where the pipeline's spans and metrics go, from the standard settings: OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// is set (protocol, headers and the rest from the other <c>OTEL_EXPORTER_OTLP_*</c> settings), Azure Monitor when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is, both when both are. With neither nothing is registered and the
/// spans cost nothing.
/// </summary>
public static class TelemetryExport
{
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string AzureMonitorSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>Whether the settings ask for any exporter.</summary>
    public static bool IsWanted(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]) || !string.IsNullOrWhiteSpace(configuration[AzureMonitorSetting]);

    /// <param name="serviceName">The process's role: <c>sload-functions</c>, <c>sload-runner</c>.</param>
    /// <returns>The OpenTelemetry builder when an exporter was wanted (a host may add its own instrumentation), else null.</returns>
    public static OpenTelemetryBuilder? AddPipelineTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!IsWanted(configuration))
        {
            return null;
        }

        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]);
        var azureMonitor = configuration[AzureMonitorSetting];
        var builder = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceInstanceId: Environment.MachineName + "-" + Environment.ProcessId))
            .WithTracing(tracing =>
            {
                tracing.AddSource(PipelineTelemetry.Name);
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }

                if (!string.IsNullOrWhiteSpace(azureMonitor))
                {
                    tracing.AddAzureMonitorTraceExporter(o => o.ConnectionString = azureMonitor);
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(PipelineTelemetry.Name);
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }

                if (!string.IsNullOrWhiteSpace(azureMonitor))
                {
                    metrics.AddAzureMonitorMetricExporter(o => o.ConnectionString = azureMonitor);
                }
            });
        return builder;
    }
}
