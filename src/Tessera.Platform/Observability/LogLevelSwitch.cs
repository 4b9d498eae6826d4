using Microsoft.Extensions.Logging;

namespace Tessera.Platform.Observability;

/// <summary>The minimum log level, changeable while running (hot reload of <c>log.level</c>).</summary>
public sealed class LogLevelSwitch(LogLevel minimum)
{
    public LogLevel Minimum { get; set; } = minimum;
}
