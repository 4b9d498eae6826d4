using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Tessera.Platform.Persistence;

/// <summary>
/// Applies a component's migrations in version order and records each in
/// <c>tessera_migrations</c>. Safe to run from several processes at once: PostgreSQL holds
/// <c>pg_advisory_lock</c> and MySQL <c>GET_LOCK</c> for the whole run, SQLite takes the write lock
/// (<c>BEGIN IMMEDIATE</c>) per migration, and every migration re-checks inside its transaction
/// that nobody applied it meanwhile.
/// </summary>
public sealed class Migrator
{
    // An arbitrary constant shared by every Tessera process: the advisory lock's key.
    private const long PostgresLockKey = 0x7465737365726131;
    // MySQL's named locks are server-wide; the database's name keeps two databases on one server
    // from waiting for each other. Names are capped at 64 characters.
    private const string MySqlLockNameSql = "LEFT(CONCAT('tessera_migrations:', DATABASE()), 64)";
    private const int MySqlLockWaitSeconds = 600;

    private readonly Database database;
    private readonly MigrationSet set;
    private readonly ILogger logger;
    private readonly TimeProvider time;

    public Migrator(Database database, MigrationSet set, ILoggerFactory? loggers = null, TimeProvider? time = null)
    {
        this.database = database ?? throw new ArgumentNullException(nameof(database));
        this.set = set ?? throw new ArgumentNullException(nameof(set));
        logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger("Tessera.Platform.Persistence.Migrator");
        this.time = time ?? TimeProvider.System;
    }

    private SqlDialectKind Kind => database.Dialect.Kind;

    public async Task<IReadOnlyList<MigrationStatus>> StatusAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct).ConfigureAwait(false);
        var applied = await ReadAppliedAsync(connection, ct).ConfigureAwait(false);
        var status = new List<MigrationStatus>();
        foreach (var script in set.For(Kind))
        {
            var isApplied = applied.TryGetValue(script.Version, out var appliedAt);
            status.Add(new MigrationStatus(set.Component, script.Version, script.Name, isApplied, isApplied ? appliedAt : null));
        }

        return status;
    }

    public async Task<bool> IsUpToDateAsync(CancellationToken ct)
        => (await StatusAsync(ct).ConfigureAwait(false)).All(s => s.Applied);

    /// <summary>Applies every pending migration; returns how many this call applied.</summary>
    public async Task<int> ApplyAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct).ConfigureAwait(false);
        await LockAsync(connection, ct).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, null, MigrationTable.Create(Kind), ct).ConfigureAwait(false);
            var applied = await ReadAppliedAsync(connection, ct).ConfigureAwait(false);
            var count = 0;
            foreach (var script in set.For(Kind))
            {
                if (applied.ContainsKey(script.Version))
                {
                    continue;
                }

                try
                {
                    if (await ApplyOneAsync(connection, script, ct).ConfigureAwait(false))
                    {
                        count++;
                        PersistenceLog.MigrationApplied(logger, set.Component, script.Version, script.Name);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    PersistenceLog.MigrationFailed(logger, exception, set.Component, script.Version, script.Name);
                    throw new MigrationException(set.Component, script, exception);
                }
            }

            if (count == 0)
            {
                PersistenceLog.MigrationsUpToDate(logger, set.Component);
            }

            return count;
        }
        finally
        {
            await UnlockAsync(connection).ConfigureAwait(false);
        }
    }

    // One migration in one transaction. The record goes in first where DDL is transactional, so
    // that a concurrent applier that got past every lock (CockroachDB has none) collides on the
    // primary key and rolls back whole. MySQL commits implicitly around each DDL statement: the
    // script's DDL cannot be rolled back, so the record is written after it and a failure part-way
    // leaves the statements before it applied (and the migration unrecorded).
    private async Task<bool> ApplyOneAsync(DbConnection connection, MigrationScript script, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var check = MigrationTable.Command(connection, transaction, MigrationTable.IsApplied, ("component", set.Component), ("version", script.Version)))
        {
            if (Convert.ToInt64(await check.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                return false;
            }
        }

        var record = MigrationTable.Command(
            connection,
            transaction,
            MigrationTable.Record,
            ("component", set.Component),
            ("version", script.Version),
            ("name", script.Name),
            ("applied_at", database.Dialect.Timestamp(time.GetUtcNow())));
        await using (record)
        {
            if (database.Dialect.SupportsTransactionalDdl)
            {
                await record.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                await ExecuteAsync(connection, transaction, script.Sql, ct).ConfigureAwait(false);
            }
            else
            {
                await ExecuteAsync(connection, transaction, script.Sql, ct).ConfigureAwait(false);
                await record.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    private async Task LockAsync(DbConnection connection, CancellationToken ct)
    {
        switch (Kind)
        {
            case SqlDialectKind.Postgres:
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({PostgresLockKey})", ct).ConfigureAwait(false);
                break;
            case SqlDialectKind.MySql:
                await using (var command = MigrationTable.Command(connection, null, $"SELECT GET_LOCK({MySqlLockNameSql}, @wait)", ("wait", MySqlLockWaitSeconds)))
                {
                    command.CommandTimeout = MySqlLockWaitSeconds + 30;
                    var result = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
                    if (result is null or DBNull || Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture) != 1)
                    {
                        throw new TimeoutException($"Another process held the migration lock of this MySQL database for {MySqlLockWaitSeconds} s.");
                    }
                }

                break;

            // SQLite: each migration's BEGIN IMMEDIATE is the lock. CockroachDB has no advisory
            // locks: the record row inserted first in each serializable transaction serves.
            default:
                break;
        }
    }

    private async Task UnlockAsync(DbConnection connection)
    {
        try
        {
            switch (Kind)
            {
                case SqlDialectKind.Postgres:
                    await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({PostgresLockKey})", CancellationToken.None).ConfigureAwait(false);
                    break;
                case SqlDialectKind.MySql:
                    await using (var command = MigrationTable.Command(connection, null, $"SELECT RELEASE_LOCK({MySqlLockNameSql})"))
                    {
                        await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
                    }

                    break;
                default:
                    break;
            }
        }
        catch (DbException)
        {
            // A broken connection ends its session, and the session's locks with it.
        }
    }

    private async Task<Dictionary<long, DateTimeOffset>> ReadAppliedAsync(DbConnection connection, CancellationToken ct)
    {
        var applied = new Dictionary<long, DateTimeOffset>();
        await using (var exists = MigrationTable.Command(connection, null, MigrationTable.Exists(Kind)))
        {
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return applied;
            }
        }

        await using var command = MigrationTable.Command(connection, null, MigrationTable.Applied, ("component", set.Component));
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            applied[reader.GetInt64(0)] = database.Dialect.ReadTimestamp(reader, 1);
        }

        return applied;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = MigrationTable.Command(connection, transaction, sql);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
