using Tessera.Platform.Persistence;
using Tessera.Testing;

namespace Tessera.Platform.Tests.Persistence;

public sealed class SqliteCheckpointerTests : IDisposable
{
    private readonly TempFolder folder = new("tessera-checkpointer");

    private static CancellationToken Ct => new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token;

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Committed_pages_reach_the_database_file_without_any_commit_checkpointing()
    {
        var path = folder.File("ckpt.sqlite");
        await using var db = Database.Open($"sqlite://{path}");
        await WriteAsync(db, "CREATE TABLE items (n INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
        var before = new FileInfo(path).Length;

        // About 100 pages, which only a background checkpoint moves from the WAL into the file.
        await InsertRowsAsync(db, 100);

        // The pages are in the file as soon as the copy is done, a moment before the checkpoint is counted.
        await WaitUntil(() => new FileInfo(path).Length >= before + (90 * 4096) && db.WalCheckpoints.Checkpoints > 0);
        Assert.Equal(0, db.WalCheckpoints.Restarts); // far below the restart size
    }

    [Fact]
    public async Task A_checkpoint_follows_writes_and_an_idle_database_is_left_alone()
    {
        await using var db = Database.Open($"sqlite://{folder.File("idle.sqlite")}");
        await WriteAsync(db, "CREATE TABLE items (n INTEGER PRIMARY KEY)");
        await WaitUntil(() => db.WalCheckpoints.Checkpoints > 0);

        Assert.Equal(1, db.WalCheckpoints.Checkpoints);
        await Task.Delay(SqliteCheckpointer.Interval * 5);
        Assert.Equal(1, db.WalCheckpoints.Checkpoints);
    }

    [Fact]
    public async Task A_wal_past_the_restart_size_starts_over_from_its_beginning()
    {
        var path = folder.File("restart.sqlite");
        await using var db = Database.Open($"sqlite://{path}");
        await WriteAsync(db, "CREATE TABLE items (n INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
        await InsertRowsAsync(db, 100);
        Assert.True(await WalFramesAsync(db) >= 100);

        using var writes = new SemaphoreSlim(1, 1);
        using (var checkpointer = new SqliteCheckpointer(db.Dsn, writes, restartFrames: 50))
        {
            // Asked again each round: the database's own checkpointer may hold the checkpoint lock once.
            await WaitUntil(() =>
            {
                checkpointer.Committed();
                return checkpointer.Counts.Restarts > 0;
            });
        }

        // After a restart the next commit writes from the start of the WAL instead of appending.
        await InsertRowsAsync(db, 1, from: 1000);
        Assert.InRange(await WalFramesAsync(db), 1, 10);
    }

    [Fact]
    public async Task A_restart_that_another_process_reader_blocks_is_not_counted_and_stops_no_one()
    {
        var path = folder.File("blocked.sqlite");
        await using var db = Database.Open($"sqlite://{path}");
        await using var other = Database.Open($"sqlite://{path}"); // another process on the same file
        await WriteAsync(db, "CREATE TABLE items (n INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
        await InsertRowsAsync(db, 100);

        // The other process reads from a snapshot that needs the WAL, and keeps reading.
        await using var reader = await other.OpenConnectionAsync(Ct);
        await using (var begin = SqlCommand.Create(reader, null, "BEGIN; SELECT COUNT(*) FROM items;"))
        {
            Assert.Equal(100L, await begin.ExecuteScalarAsync(Ct));
        }

        using var writes = new SemaphoreSlim(1, 1);
        using (var checkpointer = new SqliteCheckpointer(db.Dsn, writes, restartFrames: 50))
        {
            for (var round = 0; round < 5; round++)
            {
                checkpointer.Committed();
                await Task.Delay(SqliteCheckpointer.Interval * 2);
                await InsertRowsAsync(other, 1, from: 1000 + round); // the other process still writes
            }

            Assert.True(checkpointer.Counts.Checkpoints > 0);
            Assert.Equal(0, checkpointer.Counts.Restarts);

            await using (var end = SqlCommand.Create(reader, null, "COMMIT"))
            {
                await end.ExecuteNonQueryAsync(Ct);
            }

            await WaitUntil(() =>
            {
                checkpointer.Committed();
                return checkpointer.Counts.Restarts > 0;
            });
        }

        await InsertRowsAsync(db, 1, from: 2000);
        Assert.InRange(await WalFramesAsync(db), 1, 10);
    }

    [Fact]
    public async Task In_memory_databases_have_no_checkpointer()
    {
        await using var db = Database.Open("memory");
        await WriteAsync(db, "CREATE TABLE items (n INTEGER PRIMARY KEY)");
        await Task.Delay(SqliteCheckpointer.Interval * 3);
        Assert.Equal(default, db.WalCheckpoints);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(condition());
    }

    private static async Task InsertRowsAsync(Database db, int count, int from = 0)
    {
        for (var n = from; n < from + count; n++)
        {
            await WriteAsync(db, "INSERT INTO items (n, payload) VALUES (@n, @payload)", ("n", n), ("payload", new string('x', 3000)));
        }
    }

    /// <summary>The WAL's length in frames, as a PASSIVE checkpoint reports it (it restarts nothing).</summary>
    private static async Task<long> WalFramesAsync(Database db)
    {
        await using var connection = await db.OpenConnectionAsync(Ct);
        await using var command = SqlCommand.Create(connection, null, "PRAGMA wal_checkpoint(PASSIVE)");
        await using var reader = await command.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct));
        return reader.GetInt64(1);
    }

    private static Task WriteAsync(Database db, string sql, params (string Name, object Value)[] parameters)
        => db.InTransactionAsync(async (c, t, ct) =>
        {
            await using var command = SqlCommand.Create(c, t, sql, parameters);
            await command.ExecuteNonQueryAsync(ct);
        }, Ct);
}
