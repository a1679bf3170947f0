using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ServerlessLoad.Bench;

/// <summary>Writes information and above to stderr with the seconds since the process started, so stage times show.</summary>
internal sealed class StderrLogger<T> : ILogger<T>
{
    private static readonly DateTime ProcessStarted = Process.GetCurrentProcess().StartTime;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            Console.Error.WriteLine($"[{(DateTime.Now - ProcessStarted).TotalSeconds,7:0.000} s] {formatter(state, exception)}");
        }
    }
}
