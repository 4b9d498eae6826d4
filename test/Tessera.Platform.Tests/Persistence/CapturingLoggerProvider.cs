using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Tessera.Platform.Tests.Persistence;

/// <summary>Keeps every log message and every structured state value, to check what reaches logs.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(EventId Event, string Text)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = formatter(state, exception) + " " + exception;
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                text += " " + string.Join(" ", values.Select(v => v.Key + "=" + v.Value));
            }

            owner.Entries.Enqueue((eventId, text));
        }
    }
}
