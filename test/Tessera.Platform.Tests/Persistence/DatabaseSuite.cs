using System.Data.Common;
using Tessera.Platform.Persistence;
using Tessera.Testing;

namespace Tessera.Platform.Tests.Persistence;

/// <summary>
/// One suite for every backend (as Ory Hydra runs its storage tests): each subclass names its
/// backend, and may say otherwise how to make a fresh, empty database.
/// </summary>
public abstract class DatabaseSuite(Backend backend) : BackendSuite(backend)
{
    private static readonly MigrationSet Migrations = MigrationSet.FromAssembly(typeof(DatabaseSuite).Assembly, "suite", "Persistence/Migrations");
    private static readonly MigrationSet Broken = MigrationSet.FromAssembly(typeof(DatabaseSuite).Assembly, "suite", "Persistence/BrokenMigrations");

    protected SqlDialectKind Kind => Backend switch
    {
        Backend.Postgres => SqlDialectKind.Postgres,
        Backend.MariaDb => SqlDialectKind.MySql,
        _ => SqlDialectKind.Sqlite,
    };

    /// <summary>A DSN of a new, empty database.</summary>
    protected virtual Task<string> CreateDsnAsync() => NewDatabaseAsync(Ct);

    // A deadline per call so that a lock that is never released fails the test instead of hanging it.
    protected static CancellationToken Ct => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

    [Fact]
    public async Task Apply_runs_every_migration_in_order_and_records_it()
    {
        await using var db = await OpenAsync();
        var migrator = new Migrator(db, Migrations);

        Assert.Equal(3, await migrator.ApplyAsync(Ct));

        var status = await migrator.StatusAsync(Ct);
        Assert.Equal([1L, 2L, 3L], status.Select(s => s.Version));
        Assert.Equal(["create_widgets", "create_settings", "seed_widgets"], status.Select(s => s.Name));
        Assert.All(status, s => Assert.True(s.Applied));
        Assert.All(status, s => Assert.InRange(s.AppliedAt!.Value, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1)));
        Assert.Equal(1L, await ScalarAsync(db, "SELECT COUNT(*) FROM widgets WHERE name = 'seeded'"));
        Assert.Equal(3L, await ScalarAsync(db, "SELECT COUNT(*) FROM tessera_migrations WHERE component = 'suite'"));
    }

    [Fact]
    public async Task Applying_again_is_a_no_op()
    {
        await using var db = await OpenAsync();
        var migrator = new Migrator(db, Migrations);
        await migrator.ApplyAsync(Ct);

        Assert.Equal(0, await migrator.ApplyAsync(Ct));
        Assert.Equal(0, await new Migrator(db, Migrations).ApplyAsync(Ct));
        Assert.Equal(1L, await ScalarAsync(db, "SELECT COUNT(*) FROM counters"));
    }

    [Fact]
    public async Task Status_lists_applied_and_pending_migrations()
    {
        await using var db = await OpenAsync();
        var full = new Migrator(db, Migrations);

        var before = await full.StatusAsync(Ct);
        Assert.All(before, s => Assert.False(s.Applied));
        Assert.All(before, s => Assert.Null(s.AppliedAt));
        Assert.False(await full.IsUpToDateAsync(Ct));

        var firstTwo = MigrationSet.FromScripts("suite", [.. Migrations.For(Kind).Where(s => s.Version <= 2)]);
        Assert.Equal(2, await new Migrator(db, firstTwo).ApplyAsync(Ct));
        Assert.True(await new Migrator(db, firstTwo).IsUpToDateAsync(Ct));

        var middle = await full.StatusAsync(Ct);
        Assert.Equal([true, true, false], middle.Select(s => s.Applied));
        Assert.False(await full.IsUpToDateAsync(Ct));

        Assert.Equal(1, await full.ApplyAsync(Ct));
        Assert.True(await full.IsUpToDateAsync(Ct));
    }

    [Fact]
    public async Task Concurrent_apply_from_several_databases_applies_each_migration_once()
    {
        var dsn = await CreateDsnAsync();
        var databases = Enumerable.Range(0, 4).Select(_ => Database.Open(dsn)).ToList();
        try
        {
            using var start = new Barrier(databases.Count);
            var runs = databases.Select(db => Task.Run(
                async () =>
                {
                    start.SignalAndWait(Ct);
                    return await new Migrator(db, Migrations).ApplyAsync(Ct);
                },
                Ct)).ToList();
            var applied = await Task.WhenAll(runs);

            Assert.Equal(3, applied.Sum());
            Assert.Equal(1L, await ScalarAsync(databases[0], "SELECT COUNT(*) FROM widgets WHERE name = 'seeded'"));
            Assert.Equal(1L, await ScalarAsync(databases[0], "SELECT COUNT(*) FROM counters"));
            Assert.Equal(3L, await ScalarAsync(databases[0], "SELECT COUNT(*) FROM tessera_migrations"));
        }
        finally
        {
            foreach (var db in databases)
            {
                await db.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_failing_migration_is_not_recorded_and_stops_the_run()
    {
        await using var db = await OpenAsync();
        var migrator = new Migrator(db, Broken);

        var error = await Assert.ThrowsAsync<MigrationException>(() => migrator.ApplyAsync(Ct));

        Assert.Equal(2, error.Version);
        Assert.Contains("half_broken", error.Message, StringComparison.Ordinal);
        Assert.Equal([true, false, false], (await migrator.StatusAsync(Ct)).Select(s => s.Applied));
        Assert.False(await TableExistsAsync(db, "never"));
        if (db.Dialect.SupportsTransactionalDdl)
        {
            // Nothing of the failed script remains: not its table, not its row.
            Assert.False(await TableExistsAsync(db, "parts"));
            Assert.Equal(0L, await ScalarAsync(db, "SELECT COUNT(*) FROM widgets WHERE name = 'half'"));
        }

        // Once the script is fixed the run continues where it stopped.
        var fixedSet = MigrationSet.FromScripts("suite", [.. Broken.For(Kind).Select(s => s.Version == 2 ? s with { Sql = "CREATE TABLE parts2 (id INTEGER PRIMARY KEY)" } : s)]);
        Assert.Equal(2, await new Migrator(db, fixedSet).ApplyAsync(Ct));
    }

    [Fact]
    public async Task Transactions_commit_and_roll_back()
    {
        await using var db = await MigratedAsync();

        await db.InTransactionAsync(async (connection, transaction, ct) =>
        {
            await ExecuteAsync(connection, transaction, "INSERT INTO widgets (name) VALUES (@name)", ct, ("name", "kept"));
        }, Ct);
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.InTransactionAsync(async (connection, transaction, ct) =>
        {
            await ExecuteAsync(connection, transaction, "INSERT INTO widgets (name) VALUES (@name)", ct, ("name", "dropped"));
            throw new InvalidOperationException("abort");
        }, Ct));

        Assert.Equal(1L, await ScalarAsync(db, "SELECT COUNT(*) FROM widgets WHERE name = 'kept'"));
        Assert.Equal(0L, await ScalarAsync(db, "SELECT COUNT(*) FROM widgets WHERE name = 'dropped'"));
    }

    [Fact]
    public async Task Upsert_inserts_then_updates_the_non_key_columns()
    {
        await using var db = await MigratedAsync();
        var sql = db.Dialect.Upsert("settings", ["scope", "setting_key"], ["scope", "setting_key", "setting_value"]);

        foreach (var value in new[] { "one", "two" })
        {
            await db.InTransactionAsync(
                (connection, transaction, ct) => ExecuteAsync(connection, transaction, sql, ct, ("scope", "s"), ("setting_key", "k"), ("setting_value", value)),
                Ct);
        }

        Assert.Equal(1L, await ScalarAsync(db, "SELECT COUNT(*) FROM settings"));
        Assert.Equal("two", await TextAsync(db, "SELECT setting_value FROM settings WHERE scope = 's' AND setting_key = 'k'"));

        var keysOnly = db.Dialect.Upsert("tags", ["tag"], ["tag"]);
        for (var i = 0; i < 2; i++)
        {
            await db.InTransactionAsync((connection, transaction, ct) => ExecuteAsync(connection, transaction, keysOnly, ct, ("tag", "t")), Ct);
        }

        Assert.Equal(1L, await ScalarAsync(db, "SELECT COUNT(*) FROM tags"));
    }

    [Fact]
    public async Task Unique_violations_are_recognised()
    {
        await using var db = await MigratedAsync();

        var error = await Assert.ThrowsAnyAsync<DbException>(() => db.InTransactionAsync(
            (connection, transaction, ct) => ExecuteAsync(connection, transaction, "INSERT INTO widgets (name) VALUES ('seeded')", ct),
            Ct));

        Assert.True(db.Dialect.IsUniqueViolation(error));
        Assert.False(db.Dialect.IsSerializationFailure(error));
        Assert.False(db.Dialect.IsUniqueViolation(new InvalidOperationException()));
    }

    [Fact]
    public async Task Booleans_timestamps_and_blobs_round_trip()
    {
        await using var db = await MigratedAsync();
        var when = new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.FromHours(2)).AddTicks(1234567);
        byte[] payload = [0, 1, 2, 254, 255];

        await db.InTransactionAsync(
            (connection, transaction, ct) => ExecuteAsync(
                connection,
                transaction,
                "INSERT INTO widgets (name, active, created_at, payload) VALUES (@name, @active, @created_at, @payload)",
                ct,
                ("name", "typed"),
                ("active", db.Dialect.Boolean(true)),
                ("created_at", db.Dialect.Timestamp(when)),
                ("payload", payload)),
            Ct);

        await using var connection = await db.OpenConnectionAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT active, created_at, payload FROM widgets WHERE name = 'typed'";
        await using var reader = await command.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct));
        Assert.True(db.Dialect.ReadBoolean(reader, 0));
        var read = db.Dialect.ReadTimestamp(reader, 1);
        Assert.Equal(TimeSpan.Zero, read.Offset);
        Assert.Equal(when.UtcTicks - (when.UtcTicks % 10), read.UtcTicks);
        Assert.Equal(payload, db.Dialect.ReadBlob(reader, 2));
    }

    [Fact]
    public async Task Timestamps_sort_in_time_order()
    {
        await using var db = await MigratedAsync();
        var start = new DateTimeOffset(2030, 1, 1, 0, 0, 9, TimeSpan.Zero);
        DateTimeOffset[] times = [start.AddMilliseconds(500), start, start.AddSeconds(1), start.AddTicks(10)];
        for (var i = 0; i < times.Length; i++)
        {
            var index = i;
            await db.InTransactionAsync(
                (connection, transaction, ct) => ExecuteAsync(connection, transaction, "INSERT INTO widgets (name, created_at) VALUES (@name, @at)", ct, ("name", "t" + index), ("at", db.Dialect.Timestamp(times[index]))),
                Ct);
        }

        Assert.Equal("t1,t3,t0,t2", await TextAsync(db, "SELECT name FROM widgets WHERE name LIKE 't%' ORDER BY created_at", all: true));
        Assert.Equal(
            "t0,t2",
            await TextAsync(db, "SELECT name FROM widgets WHERE name LIKE 't%' AND created_at > @after ORDER BY created_at", all: true, ("after", db.Dialect.Timestamp(start.AddTicks(10)))));
    }

    [Fact]
    public async Task Paging_skips_and_limits()
    {
        await using var db = await MigratedAsync();
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            await db.InTransactionAsync((connection, transaction, ct) => ExecuteAsync(connection, transaction, "INSERT INTO widgets (name) VALUES (@name)", ct, ("name", name)), Ct);
        }

        Assert.Equal("b,c", await TextAsync(db, "SELECT name FROM widgets WHERE name <> 'seeded' ORDER BY name " + db.Dialect.Page(2, 1), all: true));
        Assert.Equal("e", await TextAsync(db, "SELECT name FROM widgets WHERE name <> 'seeded' ORDER BY name " + db.Dialect.Page(10, 4), all: true));
    }

    [Fact]
    public async Task Ping_and_pool_stats()
    {
        await using var db = await OpenAsync();

        Assert.True(await db.PingAsync(Ct));
        var before = db.PoolStats;
        await using (var connection = await db.OpenConnectionAsync(Ct))
        {
            Assert.Equal(before.InUse + 1, db.PoolStats.InUse);
        }

        Assert.Equal(before.InUse, db.PoolStats.InUse);
        Assert.Equal(before.Opened + 1, db.PoolStats.Opened);
        Assert.Equal(Kind, db.Dialect.Kind);
    }

    protected async Task<Database> OpenAsync() => Database.Open(await CreateDsnAsync());

    private async Task<Database> MigratedAsync()
    {
        var db = await OpenAsync();
        await new Migrator(db, Migrations).ApplyAsync(Ct);
        return db;
    }

    private async Task<bool> TableExistsAsync(Database db, string table)
    {
        var sql = Kind switch
        {
            SqlDialectKind.Sqlite => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @name",
            SqlDialectKind.MySql => "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = @name",
            _ => "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = @name",
        };
        return await ScalarAsync(db, sql, ("name", table)) > 0;
    }

    internal static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(ct);
    }

    internal static async Task<long> ScalarAsync(Database db, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await db.OpenConnectionAsync(Ct);
        await using var command = Command(connection, null, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string> TextAsync(Database db, string sql, bool all = false, params (string Name, object Value)[] parameters)
    {
        await using var connection = await db.OpenConnectionAsync(Ct);
        await using var command = Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var values = new List<string>();
        while (await reader.ReadAsync(Ct) && (all || values.Count == 0))
        {
            values.Add(reader.GetString(0));
        }

        return string.Join(',', values);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, (string Name, object Value)[] parameters)
        => SqlCommand.Create(connection, transaction, sql, parameters);
}

public sealed class PostgresDatabaseTests() : DatabaseSuite(Backend.Postgres);

public sealed class MariaDbDatabaseTests() : DatabaseSuite(Backend.MariaDb);
