using Tessera.Platform.Persistence;

namespace Tessera.Platform.Tests.Persistence;

public sealed class SqliteMemoryDatabaseTests : DatabaseSuite
{
    protected override SqlDialectKind Kind => SqlDialectKind.Sqlite;

    // Each test gets its own named in-memory database; the plain "memory" DSN is one per process.
    protected override Task<string> CreateDsnAsync()
        => Task.FromResult($"sqlite://file:suite_{Guid.NewGuid():N}?mode=memory&cache=shared&_fk=true");

    [Fact]
    public async Task The_memory_dsn_keeps_its_data_between_connections_until_disposed()
    {
        var ct = Ct;
        await using (var db = Database.Open("memory"))
        {
            Assert.True(db.Dsn.IsMemory);
            await using (var connection = await db.OpenConnectionAsync(ct))
            {
                await ExecuteAsync(connection, null, "CREATE TABLE kept (id INTEGER PRIMARY KEY); INSERT INTO kept VALUES (7)", ct);
            }

            Assert.Equal(7L, await ScalarAsync(db, "SELECT id FROM kept"));
        }

        await using var fresh = Database.Open("memory");
        Assert.Equal(0L, await ScalarAsync(fresh, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'kept'"));
    }
}
