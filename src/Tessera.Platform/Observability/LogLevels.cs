using Microsoft.Extensions.Logging;

namespace Tessera.Platform.Observability;

/// <summary>Ory's log level names mapped onto .NET's.</summary>
public static class LogLevels
{
    public static LogLevel Parse(string? level) => level switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "warn" or "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "fatal" or "panic" => LogLevel.Critical,
        _ => LogLevel.Information,
    };
}
