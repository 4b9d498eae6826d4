using Tessera.Platform.Persistence;
using Tessera.Testing;

namespace Tessera.Platform.Tests.Persistence;

public sealed class SqliteMemoryDatabaseTests() : DatabaseSuite(Backend.Sqlite)
{
    // Each test gets its own named in-memory database; the plain "memory" DSN is one per process.
    protected override Task<string> CreateDsnAsync()
        => Task.FromResult($"sqlite://file:suite_{Guid.NewGuid():N}?mode=memory&cache=shared&_fk=true");

    [Fact]
    public async Task The_memory_dsn_keeps_its_data_between_connections()
    {
        var ct = Ct;
        var table = "kept_" + Guid.NewGuid().ToString("N");
        await using var db = Database.Open("memory");
        Assert.True(db.Dsn.IsMemory);
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            await ExecuteAsync(connection, null, $"CREATE TABLE {table} (id INTEGER PRIMARY KEY); INSERT INTO {table} VALUES (7)", ct);
        }

        // Every pooled connection was returned and closed; the kept-open one holds the data.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.Equal(7L, await ScalarAsync(db, $"SELECT id FROM {table}"));
    }

    [Fact]
    public async Task Each_owner_of_the_memory_dsn_has_its_own_database()
    {
        var table = "owned_" + Guid.NewGuid().ToString("N");
        await using var first = Database.Open(SqliteDsn.Memory("first"));
        await using var second = Database.Open(SqliteDsn.Memory("second"));
        await first.InTransactionAsync((c, t, ct) => ExecuteAsync(c, t, $"CREATE TABLE {table} (id INTEGER)", ct), Ct);
        Assert.True(first.Dsn.IsMemory && second.Dsn.IsMemory);
        Assert.Equal(1L, await ScalarAsync(first, $"SELECT COUNT(*) FROM sqlite_master WHERE name = '{table}'"));
        Assert.Equal(0L, await ScalarAsync(second, $"SELECT COUNT(*) FROM sqlite_master WHERE name = '{table}'"));
    }

    [Fact]
    public async Task A_named_memory_database_is_gone_once_its_last_database_is_disposed()
    {
        var dsn = await CreateDsnAsync();
        await using (var first = Database.Open(dsn))
        {
            await first.InTransactionAsync((c, t, ct) => ExecuteAsync(c, t, "CREATE TABLE gone (id INTEGER)", ct), Ct);
        }

        await using var second = Database.Open(dsn);
        Assert.Equal(0L, await ScalarAsync(second, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'gone'"));
    }
}
