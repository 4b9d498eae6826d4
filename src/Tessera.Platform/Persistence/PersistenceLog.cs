using Microsoft.Extensions.Logging;

namespace Tessera.Platform.Persistence;

/// <summary>Log events of the persistence area: ids 1100–1199. Only redacted DSNs are logged.</summary>
internal static partial class PersistenceLog
{
    [LoggerMessage(EventId = 1100, EventName = "DatabaseOpened", Level = LogLevel.Information, Message = "Using {Dialect} database {Dsn}")]
    public static partial void DatabaseOpened(ILogger logger, SqlDialectKind dialect, string dsn);

    [LoggerMessage(EventId = 1101, EventName = "TransactionRetry", Level = LogLevel.Debug, Message = "Transaction attempt {Attempt} lost a race ({Reason}); running it again in {DelayMs} ms")]
    public static partial void TransactionRetry(ILogger logger, int attempt, string reason, int delayMs);

    [LoggerMessage(EventId = 1110, EventName = "MigrationApplied", Level = LogLevel.Information, Message = "Applied migration {Component} {Version} {Name}")]
    public static partial void MigrationApplied(ILogger logger, string component, long version, string name);

    [LoggerMessage(EventId = 1111, EventName = "MigrationsUpToDate", Level = LogLevel.Debug, Message = "Migrations of {Component} are up to date")]
    public static partial void MigrationsUpToDate(ILogger logger, string component);

    [LoggerMessage(EventId = 1112, EventName = "MigrationFailed", Level = LogLevel.Error, Message = "Migration {Component} {Version} {Name} failed")]
    public static partial void MigrationFailed(ILogger logger, Exception exception, string component, long version, string name);
}
