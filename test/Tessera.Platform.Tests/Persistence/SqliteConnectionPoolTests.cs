using System.Data.Common;
using SQLitePCL;
using Tessera.Platform.Persistence;
using Tessera.Testing;

namespace Tessera.Platform.Tests.Persistence;

public sealed class SqliteConnectionPoolTests : IDisposable
{
    private readonly TempFolder folder = new("tessera-sqlite-pool");

    private static CancellationToken Ct => new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token;

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task A_returned_connection_is_reused_with_its_prepared_command()
    {
        await using var db = Database.Open($"sqlite://{folder.File("reuse.sqlite")}");
        DbConnection first;
        DbCommand firstCommand;
        await using (var connection = await db.OpenConnectionAsync(Ct))
        {
            first = connection;
            await using var command = SqlCommand.Create(connection, null, "SELECT @n + 1", ("n", 1));
            firstCommand = command;
            Assert.Equal(2L, await command.ExecuteScalarAsync(Ct));
        }

        await using (var connection = await db.OpenConnectionAsync(Ct))
        {
            Assert.Same(first, connection);
            await using var command = SqlCommand.Create(connection, null, "SELECT @n + 1", ("n", 41));
            Assert.Same(firstCommand, command);
            Assert.Equal(42L, await command.ExecuteScalarAsync(Ct));
        }
    }

    [Fact]
    public async Task SQLite_keeps_no_memory_statistics_so_its_allocations_take_no_global_mutex()
    {
        await using var db = Database.Open($"sqlite://{folder.File("statistics.sqlite")}");
        await using (var connection = await db.OpenConnectionAsync(Ct))
        {
            await using var command = SqlCommand.Create(connection, null, "SELECT group_concat(value) FROM json_each('[1,2,3]')");
            Assert.Equal("1,2,3", await command.ExecuteScalarAsync(Ct));
        }

        Assert.True(SqliteLibrary.MemoryStatisticsOff);
        Assert.Equal(0, raw.sqlite3_memory_used());
    }

    [Fact]
    public async Task A_connection_returned_inside_a_transaction_is_closed_and_its_writes_rolled_back()
    {
        await using var db = Database.Open($"sqlite://{folder.File("abandoned.sqlite")}");
        await db.InTransactionAsync((c, t, ct) => ExecuteAsync(c, t, "CREATE TABLE items (n INTEGER NOT NULL)", ct), Ct);

        DbConnection abandoned;
        await using (var connection = await db.OpenConnectionAsync(Ct))
        {
            abandoned = connection;
            var transaction = await connection.BeginTransactionAsync(Ct);
            await ExecuteAsync(connection, transaction, "INSERT INTO items (n) VALUES (1)", Ct);
            // neither committed nor disposed: the caller forgot it
        }

        await using (var connection = await db.OpenConnectionAsync(Ct))
        {
            Assert.NotSame(abandoned, connection);
            await using var count = SqlCommand.Create(connection, null, "SELECT COUNT(*) FROM items");
            Assert.Equal(0L, await count.ExecuteScalarAsync(Ct));
        }
    }

    [Fact]
    public async Task No_more_than_max_idle_conns_stay_open()
    {
        await using var db = Database.Open($"sqlite://{folder.File("idle.sqlite")}?max_idle_conns=1");
        var a = await db.OpenConnectionAsync(Ct);
        var b = await db.OpenConnectionAsync(Ct);
        Assert.Equal(2, db.PoolStats.InUse);
        await a.DisposeAsync();
        await b.DisposeAsync();
        Assert.Equal(0, db.PoolStats.InUse);

        Assert.Equal(System.Data.ConnectionState.Open, a.State);
        Assert.Equal(System.Data.ConnectionState.Closed, b.State);
        await using var again = await db.OpenConnectionAsync(Ct);
        Assert.Same(a, again);
    }

    [Fact]
    public async Task Disposing_the_database_closes_the_idle_connections()
    {
        var db = Database.Open($"sqlite://{folder.File("close.sqlite")}");
        var connection = await db.OpenConnectionAsync(Ct);
        await connection.DisposeAsync();
        Assert.Equal(System.Data.ConnectionState.Open, connection.State);

        await db.DisposeAsync();

        Assert.Equal(System.Data.ConnectionState.Closed, connection.State);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = SqlCommand.Create(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(ct);
    }
}
