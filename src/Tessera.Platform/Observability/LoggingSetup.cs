using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Tessera.Platform.Configuration;

namespace Tessera.Platform.Observability;

/// <summary>
/// Logs to stdout, one line per event: JSON (<c>log.format: json</c>, and the default when stdout is not
/// a terminal) or readable text, at <c>log.level</c>.
/// </summary>
public static class LoggingSetup
{
    public static void Configure(ILoggingBuilder logging, ConfigSnapshot config)
    {
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentNullException.ThrowIfNull(config);
        logging.ClearProviders();
        logging.SetMinimumLevel(LogLevels.Parse(config.GetString("log.level")));
        // Kestrel and hosting chatter stays out unless asked for.
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        var format = config.GetString("log.format") ?? (Console.IsOutputRedirected ? "json" : "text");
        if (format.StartsWith("json", StringComparison.Ordinal))
        {
            logging.AddJsonConsole(options =>
            {
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                options.IncludeScopes = false;
                options.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = format == "json_pretty" };
            });
        }
        else
        {
            logging.AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "HH:mm:ss.fff ";
                options.ColorBehavior = LoggerColorBehavior.Default;
            });
        }
    }

    public static ILoggerFactory CreateFactory(ConfigSnapshot config)
        => LoggerFactory.Create(logging => Configure(logging, config));
}
