using Tessera.Platform.Persistence;
using Tessera.Testing;

namespace Tessera.Platform.Tests.Persistence;

public sealed class SqliteFileDatabaseTests() : DatabaseSuite(Backend.Sqlite)
{
    [Fact]
    public async Task Files_use_wal_normal_sync_and_foreign_keys()
    {
        await using var db = await OpenAsync();
        await using var connection = await db.OpenConnectionAsync(Ct);

        Assert.Equal("wal", await PragmaAsync(connection, "journal_mode"));
        Assert.Equal("1", await PragmaAsync(connection, "synchronous"));
        Assert.Equal("1", await PragmaAsync(connection, "foreign_keys"));
        Assert.Equal("5000", await PragmaAsync(connection, "busy_timeout"));
        Assert.Equal("0", await PragmaAsync(connection, "wal_autocheckpoint")); // the SqliteCheckpointer checkpoints
    }

    [Fact]
    public async Task A_busy_database_is_retried_until_the_writer_lets_go()
    {
        var path = NewSqliteFile();
        await using var holder = Database.Open($"sqlite://{path}");
        await using var writer = Database.Open($"sqlite://{path}?_busy_timeout=50");
        await holder.InTransactionAsync((c, t, ct) => ExecuteAsync(c, t, "CREATE TABLE hits (n INTEGER NOT NULL)", ct), Ct);

        // The holder takes the write lock and keeps it for longer than the writer's busy timeout.
        var locked = new TaskCompletionSource();
        var holding = holder.InTransactionAsync(
            async (c, t, ct) =>
            {
                await ExecuteAsync(c, t, "INSERT INTO hits VALUES (1)", ct);
                locked.SetResult();
                await Task.Delay(TimeSpan.FromMilliseconds(2500), ct);
            },
            Ct);
        await locked.Task;

        await writer.InTransactionAsync((c, t, ct) => ExecuteAsync(c, t, "INSERT INTO hits VALUES (2)", ct), Ct);
        await holding;

        Assert.True(writer.PoolStats.TransactionRetries >= 1, $"expected a retry, saw {writer.PoolStats.TransactionRetries}");
        Assert.Equal(3L, await ScalarAsync(writer, "SELECT SUM(n) FROM hits"));
    }

    [Fact]
    public async Task Processes_writing_one_file_at_once_all_succeed_and_lose_nothing()
    {
        // Each Database has what a process has: its own writer queue, group commit, pool and checkpointer.
        var dsn = $"sqlite://{NewSqliteFile()}";
        await using var first = Database.Open(dsn);
        await first.InTransactionAsync((c, t, ct) => ExecuteAsync(c, t, "CREATE TABLE counter (n INTEGER NOT NULL); INSERT INTO counter VALUES (0); CREATE TABLE rows (id TEXT PRIMARY KEY)", ct), Ct);
        await using var second = Database.Open(dsn);
        await using var third = Database.Open(dsn);

        const int Lanes = 4, Rounds = 30;
        var work = new[] { first, second, third }.SelectMany((db, process) => Enumerable.Range(0, Lanes).Select(lane => Task.Run(async () =>
        {
            for (var round = 0; round < Rounds; round++)
            {
                var id = $"{process}-{lane}-{round}";

                // Read, then write what was read: the transaction holds the write lock from its start.
                await db.InTransactionAsync(
                    async (c, t, ct) =>
                    {
                        await using var read = SqlCommand.Create(c, t, "SELECT n FROM counter");
                        var n = Convert.ToInt64(await read.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
                        await ExecuteAsync(c, t, "UPDATE counter SET n = @n", ct, ("n", n + 1));
                    },
                    Ct);
                await db.InBatchedTransactionAsync((c, t, ct) => ExecuteAsync(c, t, "INSERT INTO rows VALUES (@id)", ct, ("id", "batched-" + id)), Ct);

                // A single statement outside a transaction, on a reading connection.
                await using var connection = await db.OpenConnectionAsync(Ct);
                await ExecuteAsync(connection, null, "INSERT INTO rows VALUES (@id)", Ct, ("id", "single-" + id));
            }
        }))).ToList();
        await Task.WhenAll(work);

        Assert.Equal(3L * Lanes * Rounds, await ScalarAsync(third, "SELECT n FROM counter"));
        Assert.Equal(2L * 3 * Lanes * Rounds, await ScalarAsync(first, "SELECT COUNT(*) FROM rows"));
    }

    private static async Task<string> PragmaAsync(System.Data.Common.DbConnection connection, string name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA " + name;
        return Convert.ToString(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
