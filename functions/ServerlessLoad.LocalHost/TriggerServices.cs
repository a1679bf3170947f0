using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Core.Schedules;
using ServerlessLoad.Functions.Hosting;
using ServerlessLoad.Functions.Schedules;
using ServerlessLoad.Storage;
using ServerlessLoad.Storage.Pipeline;
using ServerlessLoad.Storage.Triggers;

namespace ServerlessLoad.LocalHost;

/// <summary>
/// The queue-triggered and timer-triggered functions as hosted services with the Functions host's semantics: a queue
/// listener per queue function (host.json's batch size, dequeue limit, retry delay and polling interval; poison queue
/// "&lt;queue&gt;-poison"), and a timer per timer function (six-field NCRONTAB, UTC, one host at a time through a blob
/// lease, a missed occurrence run once, past due). Queue names and schedules come from the attributes, resolved from
/// the same settings as in Azure.
/// </summary>
public static class TriggerServices
{
    public static IServiceCollection AddFunctionTriggers(this IServiceCollection services, IReadOnlyList<FunctionDefinition> functions, IConfiguration configuration)
    {
        services.AddSingleton<FunctionInvoker>();
        services.AddSingleton<FunctionKeys>();
        foreach (var function in functions.Where(f => !SettingExpressions.IsDisabled(f.Name, configuration)))
        {
            switch (function.Trigger)
            {
                case QueueBinding queue:
                    var queueName = SettingExpressions.Resolve(queue.QueueName, configuration, function.Name);
                    services.AddSingleton<IHostedService>(sp => QueueListenerFor(sp, function, queue, queueName));
                    break;
                case TimerBinding timer:
                    var schedule = SettingExpressions.Resolve(timer.Schedule, configuration, function.Name);
                    if (!string.Equals(schedule.Trim(), "off", StringComparison.OrdinalIgnoreCase))
                    {
                        var cron = CronExpression.TryParse(schedule, out var parsed, out var problems)
                            ? parsed
                            : throw new InvalidOperationException($"Function {function.Name}: the schedule '{schedule}' ({timer.Schedule}) {string.Join("; ", problems)}.");
                        services.AddSingleton<IHostedService>(sp => TimerFor(sp, function, cron));
                    }

                    break;
            }
        }

        return services;
    }

    private static QueueListener QueueListenerFor(IServiceProvider services, FunctionDefinition function, QueueBinding binding, string queueName)
    {
        var clients = services.GetRequiredService<StorageClients>();
        var host = services.GetRequiredService<HostSettings>();
        var settings = services.GetRequiredService<PipelineSettings>();
        var invoker = services.GetRequiredService<FunctionInvoker>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger($"Function.{function.Name}");
        return new QueueListener(
            clients.GetQueue(queueName),
            clients.GetQueue(QueueNames.Poison(queueName)),
            (delivery, ct) => invoker.InvokeAsync(function, Decode(delivery, binding.Parameter.ParameterType), name => Metadata(delivery, name), ct),
            (delivery, reason, ct) =>
            {
                logger.LogError("Function {Function}: {Reason}", function.Name, reason);
                return Task.CompletedTask;
            },
            new QueueListenerOptions
            {
                BatchSize = host.BatchSize,
                MaxDequeueCount = host.MaxDequeueCount,
                RetryDelay = host.RetryDelay,
                MaxPollingInterval = host.MaxPollingInterval,
                VisibilityTimeout = settings.VisibilityTimeout,
            },
            services.GetRequiredService<TimeProvider>(),
            logger);
    }

    private static TimerTrigger TimerFor(IServiceProvider services, FunctionDefinition function, CronExpression cron)
    {
        var invoker = services.GetRequiredService<FunctionInvoker>();
        var locks = services.GetRequiredService<StorageClients>().GetContainer(services.GetRequiredService<ScheduleSettings>().LocksContainer);
        return new TimerTrigger(
            function.Name,
            cron,
            (tick, ct) => invoker.InvokeAsync(
                function,
                new TimerInfo
                {
                    IsPastDue = tick.IsPastDue,
                    ScheduleStatus = new ScheduleStatus { Last = tick.ScheduledTime.UtcDateTime, LastUpdated = tick.Now.UtcDateTime },
                },
                _ => null,
                ct),
            locks,
            new TimerTriggerOptions(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger($"Function.{function.Name}"));
    }

    /// <summary>The message as the trigger parameter's type, as the worker binds it: text, bytes, or JSON to an object.</summary>
    private static object Decode(Delivery delivery, Type type)
    {
        try
        {
            if (type == typeof(string))
            {
                return Encoding.UTF8.GetString(Base64OrText(delivery.Text));
            }

            if (type == typeof(BinaryData))
            {
                return BinaryData.FromBytes(Base64OrText(delivery.Text));
            }

            return MessageCodec.Decode(type, delivery.Text);
        }
        catch (Exception e) when (e is JsonException or FormatException or NotSupportedException or ArgumentException)
        {
            throw new UndecodableMessageException($"undecodable {type.Name}: {e.Message}", e);
        }
    }

    private static byte[] Base64OrText(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : Encoding.UTF8.GetBytes(text);
    }

    /// <summary>The queue trigger's metadata, by the names the Functions host gives them.</summary>
    private static string? Metadata(Delivery delivery, string name) => name.ToUpperInvariant() switch
    {
        "ID" => delivery.MessageId,
        "DEQUEUECOUNT" => delivery.DequeueCount.ToString(CultureInfo.InvariantCulture),
        "INSERTIONTIME" => delivery.InsertedOn.ToString("O", CultureInfo.InvariantCulture),
        "QUEUETRIGGER" => Encoding.UTF8.GetString(Base64OrText(delivery.Text)),
        _ => null,
    };
}
