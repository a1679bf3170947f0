using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ServerlessLoad.Functions.Tests.Support;

/// <summary>Every log line a host writes, as its formatter would render the message, for tests that read the log.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message, Exception? Exception)> lines = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Message, Exception? Exception)> Lines => [.. lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.lines.Enqueue((logLevel, category, formatter(state, exception), exception));
    }
}
