using Microsoft.Extensions.Logging;
using Tessera.Platform.Persistence;
using Tessera.Testing;

namespace Tessera.Platform.Tests.Persistence;

public sealed class DatabaseLoggingTests
{
    private static CancellationToken Ct => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

    [Fact]
    public async Task Opening_retrying_and_migrating_never_log_the_password()
    {
        var server = await PostgresServer.GetAsync();
        var dsn = await server.CreateDatabaseAsync(Ct);
        var captured = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(captured));

        await using (var db = Database.Open(Dsn.Parse(dsn), loggers))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => db.InTransactionAsync(
                (connection, transaction, ct) => DatabaseSuite.ExecuteAsync(connection, transaction, "DO $$ BEGIN RAISE EXCEPTION 'x' USING ERRCODE = '40001'; END $$", ct),
                Ct));
            var broken = MigrationSet.FromAssembly(typeof(DatabaseLoggingTests).Assembly, "logged", "Persistence/BrokenMigrations");
            await Assert.ThrowsAsync<MigrationException>(() => new Migrator(db, broken, loggers).ApplyAsync(Ct));
        }

        Assert.Contains(captured.Entries, e => e.Event.Name == "DatabaseOpened" && e.Text.Contains(":***@", StringComparison.Ordinal));
        Assert.Contains(captured.Entries, e => e.Event.Name == "TransactionRetry");
        Assert.Contains(captured.Entries, e => e.Event.Name == "MigrationApplied");
        Assert.Contains(captured.Entries, e => e.Event.Name == "MigrationFailed");
        Assert.DoesNotContain(captured.Entries, e => e.Text.Contains(PostgresServer.Password, StringComparison.Ordinal));
        Assert.DoesNotContain(captured.Entries, e => e.Text.Contains(Uri.EscapeDataString(PostgresServer.Password), StringComparison.Ordinal));
    }
}
