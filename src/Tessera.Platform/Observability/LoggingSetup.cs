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
    public static void Configure(ILoggingBuilder logging, ConfigSnapshot config, LogLevelSwitch level)
    {
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(level);
        logging.ClearProviders();
        logging.SetMinimumLevel(LogLevel.Trace);
        // Kestrel and hosting chatter stays out unless it is a warning. ASP.NET Core's own per-request
        // log is off altogether: the request pipeline writes one line per request itself, and while
        // that category is enabled at any level, hosting creates an Activity for every request.
        logging.AddFilter((category, eventLevel) => eventLevel >= level.Minimum
            && category != "Microsoft.AspNetCore.Hosting.Diagnostics"
            && (eventLevel >= LogLevel.Warning || category is null || !category.StartsWith("Microsoft", StringComparison.Ordinal)));
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

    public static ILoggerFactory CreateFactory(ConfigSnapshot config, LogLevelSwitch level)
        => LoggerFactory.Create(logging => Configure(logging, config, level));
}
